/* contributions_demo.c — see contributions_demo.h.
 *
 * Everything here is invented: meeting titles, walk-in names, addresses
 * (@exemple.fr), contributions and answers. A contribution's state follows
 * from its age: old ones mostly answered (answer text, answered_at after
 * the day it was said, answered_by), recent ones received or in review.
 * Answers come from a few standard texts per theme, as in real registers.
 * Author details only with consent (author_consent_at set). */
#include "modules/contributions_demo.h"
#include "modules/demo.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/log.h"
#include "db/db.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define DAY 86400
#define SPAN_DAYS 730 /* contributions and past meetings: the last 24 months */
#define AHEAD_DAYS 90 /* upcoming meetings: the next three months */
#define MAX_PROJECTS 16
#define MAX_SECTORS 64
#define MAX_THEMES 64

static long long g_contributions, g_meetings;

long long contributions_demo_count(void)
{
	return g_contributions;
}

long long contributions_demo_meetings(void)
{
	return g_meetings;
}

/* ---- a small deterministic generator (splitmix64) ---- */

static uint64_t g_rng = 0x434F4E43455254ULL; /* "CONCERT" */

static uint64_t rng_next(void)
{
	uint64_t z = (g_rng += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

/* An integer in [0, n). */
static int below(int n)
{
	return n > 0 ? (int)((rng_next() >> 11) % (uint64_t)n) : 0;
}

/* 1 with probability percent / 100. */
static int chance(int percent)
{
	return below(100) < percent;
}

#define PICK(list) ((list)[below((int)NELEM(list))])

/* ---- what the generator knows ---- */

typedef struct held {
	long long id, project_id;
	char day[11]; /* Paris day */
} held_t;

typedef struct ctx {
	time_t now;
	long long staff;		  /* answers and entries by this account */
	long long projects[MAX_PROJECTS]; /* ids */
	int nprojects;
	long long sectors[MAX_SECTORS], sector_project[MAX_SECTORS];
	int nsectors;
	long long themes[MAX_THEMES];
	const char *theme_names[MAX_THEMES]; /* owned by theme_rows */
	int nthemes;
	json_t *theme_rows;
	held_t *held; /* meetings held, for contributions collected there */
	int nheld;
} ctx_t;

/* ---- texts ---- */

typedef struct theme_text {
	const char *name;
	const char *said[4];	/* what residents say */
	const char *answers[3]; /* the few answers staff give again and again */
} theme_text_t;

static const theme_text_t texts[] = {
    {"Logement",
     {"Les logements rénovés auront-ils enfin une bonne isolation ? L'hiver il fait froid et l'été on étouffe.",
      "Nous voulons savoir si les loyers vont augmenter après la réhabilitation.",
      "Il y a de l'humidité dans les chambres depuis des années, est-ce que les travaux vont régler ça ?",
      "Les fenêtres ferment mal et le chauffage collectif tombe souvent en panne."},
     {"La réhabilitation comprend l'isolation des façades, le remplacement des fenêtres et de la ventilation ; "
      "le bailleur présentera le calendrier par bâtiment en réunion de locataires.",
      "Les loyers sont maintenus après travaux, conformément à la convention signée avec le bailleur ; seule "
      "l'évolution légale annuelle s'applique.",
      "Un diagnostic humidité est programmé dans chaque logement avant le démarrage du chantier."}},
    {"Relogement",
     {"Si on démolit notre immeuble, est-ce qu'on pourra rester dans le quartier, près de l'école des enfants ?",
      "Ma mère est âgée, elle a besoin d'un logement au rez-de-chaussée ou avec ascenseur.",
      "Qui paiera le déménagement quand il faudra partir ?",
      "On nous parle de relogement mais personne ne nous a encore appelés."},
     {"Chaque ménage concerné est reçu par la chargée de relogement : ses souhaits (quartier, étage, taille) sont "
      "notés et au moins trois propositions lui seront faites, selon la charte de relogement.",
      "Les frais de déménagement sont pris en charge par le bailleur, ainsi que le transfert des abonnements.",
      "Les entretiens individuels commencent par les bâtiments démolis en premier ; chaque famille recevra un "
      "courrier avec la date de son rendez-vous."}},
    {"Espaces publics",
     {"Il manque des bancs et de l'ombre sur la place, les personnes âgées ne peuvent pas s'asseoir.",
      "Les enfants jouent sur le parking faute d'aire de jeux près des immeubles.",
      "Le chemin vers le tram est mal éclairé le soir.",
      "Pourquoi ne pas faire une vraie place piétonne devant les commerces ?"},
     {"Le projet prévoit des bancs, des arbres d'ombrage et des fontaines sur la place ; leur emplacement sera "
      "discuté en atelier avec les habitants.",
      "Une aire de jeux pour les petits est prévue au cœur de l'îlot ; ses jeux seront choisis en atelier.",
      "L'éclairage du cheminement vers le tram est renforcé dès cette année par la Ville."}},
    {"École",
     {"Pendant les travaux, comment les enfants iront-ils à l'école en sécurité ?",
      "L'école est trop petite, les classes sont surchargées.",
      "Il faudrait un passage piéton surveillé devant l'école.",
      "La cantine sera-t-elle agrandie avec les nouveaux logements ?"},
     {"Un cheminement piéton protégé vers l'école est maintenu pendant toute la durée du chantier.",
      "Le groupe scolaire est agrandi dans le cadre du projet : quatre classes et un restaurant scolaire en plus.",
      "La demande est transmise à la Ville pour un agent aux heures d'entrée et de sortie."}},
    {"Commerces",
     {"Il n'y a plus de boulangerie depuis la fermeture du centre commercial.",
      "Les commerçants ont peur de perdre leurs clients pendant le chantier.",
      "On voudrait un marché le samedi matin sur la place.",
      "Les rideaux de fer fermés donnent une mauvaise image du quartier."},
     {"Le nouveau pôle commercial accueillera une boulangerie et une pharmacie ; la recherche de commerçants est en "
      "cours.",
      "Les commerces restent accessibles pendant les travaux et une signalétique indique leur ouverture.",
      "La demande de marché est étudiée avec le service des marchés de la Ville."}},
    {"Tranquillité",
     {"Le soir, des groupes occupent le hall et les habitants n'osent plus rentrer.",
      "Des motos font du rodéo dans les allées tous les week-ends.",
      "Il faudrait plus de présence de la police municipale.", "Les caves sont squattées, il faut les fermer."},
     {"La situation est suivie en cellule de veille avec le bailleur et la police ; des médiateurs passent le soir.",
      "La résidentialisation prévue dans le projet ferme les halls et les caves par des accès à badge.",
      "Votre signalement est transmis à la police municipale et au délégué du préfet."}},
    {"Propreté",
     {"Les poubelles débordent et les encombrants restent des semaines sur le trottoir.",
      "Il faudrait des conteneurs enterrés comme dans les autres quartiers.",
      "Les espaces verts au pied des immeubles ne sont pas entretenus.",
      "Les pigeons et les rats sont de plus en plus nombreux."},
     {"Des conteneurs enterrés sont installés au fil des travaux, îlot par îlot.",
      "Le ramassage des encombrants passe désormais chaque semaine ; la GUSP suit les dépôts sauvages.",
      "La demande est transmise au bailleur et au service propreté, qui renforcent leurs passages."}},
    {"Mobilité",
     {"Pendant les travaux, où allons-nous garer nos voitures ?", "Le bus ne passe pas assez souvent le dimanche.",
      "Il faut des pistes cyclables sûres vers le centre-ville.",
      "Les trottoirs sont trop étroits pour les poussettes et les fauteuils."},
     {"Un parking provisoire est aménagé pendant le chantier ; son emplacement est affiché dans les halls.",
      "La demande est transmise à l'autorité organisatrice des transports pour la prochaine révision des lignes.",
      "Le projet élargit les trottoirs et crée une piste cyclable continue vers le tram."}},
    {"Chantier",
     {"Le bruit du chantier commence trop tôt le matin.",
      "Il y a de la poussière partout, on ne peut plus ouvrir les fenêtres.",
      "Les camions passent devant l'école à la sortie des classes.",
      "Combien de temps vont durer les travaux dans notre rue ?"},
     {"Les horaires du chantier sont de 7 h 30 à 17 h en semaine ; le rappel a été fait aux entreprises.",
      "Les entreprises arrosent les zones de terrassement et nettoient la voirie chaque jour.",
      "Le calendrier du chantier est affiché à la Maison du projet et présenté à chaque réunion publique."}},
    {"Équipements",
     {"Il manque une salle pour les associations et les fêtes de famille.",
      "La médiathèque est trop loin pour les enfants.", "Le gymnase est vétuste et souvent fermé.",
      "Un centre de santé dans le quartier serait très utile."},
     {"Une maison des associations est prévue au rez-de-chaussée du nouvel îlot.",
      "Le projet de centre de santé est à l'étude avec l'agence régionale de santé.",
      "La rénovation du gymnase est inscrite dans la deuxième phase du projet."}},
    {"Jeunesse",
     {"Les jeunes n'ont pas d'endroit à eux, il faudrait un local ou un city-stade.",
      "Il faudrait plus d'activités pour les ados pendant les vacances.",
      "Les jeunes du quartier pourraient travailler sur le chantier.", "Le terrain de foot est en mauvais état."},
     {"Un city-stade est prévu près du parc ; son emplacement a été choisi avec les jeunes en atelier.",
      "Le centre social propose un programme d'activités pendant chaque période de vacances.",
      "Les clauses d'insertion réservent des heures de travail du chantier aux habitants du quartier."}},
    {"Nature en ville",
     {"Il faut garder les grands arbres, ils donnent de l'ombre en été.",
      "On voudrait des jardins partagés au pied des immeubles.", "Le parc devrait rester ouvert le soir en été.",
      "Il faut plus de fontaines et de points d'eau avec la chaleur."},
     {"Les arbres remarquables sont conservés ; chaque arbre abattu est remplacé par deux plantations.",
      "Des jardins partagés sont prévus ; une association accompagnera les habitants intéressés.",
      "Les horaires d'ouverture du parc en été sont étudiés avec la Ville."}},
    {"Emploi",
     {"Les entreprises du chantier embauchent-elles des habitants du quartier ?",
      "Il faudrait une permanence emploi à la Maison du projet.",
      "Les femmes du quartier cherchent des formations près de chez elles.",
      "Comment postuler aux offres des clauses d'insertion ?"},
     {"Les marchés de travaux comprennent des clauses d'insertion ; les offres passent par le facilitateur "
      "emploi.",
      "Une permanence emploi a lieu chaque mois à la Maison du projet avec France Travail et la Mission locale.",
      "Les candidatures se font auprès du facilitateur des clauses d'insertion, à la Maison du projet."}},
};

/* Where it was said: makes texts differ and gives the search words. */
static const char *const places[] = {
    "près du bâtiment des Micocouliers",
    "rue du Lavandin",
    "devant les Arbousiers",
    "à la Garrigue Haute",
    "aux Oliviers Bleus",
    "le long du Ruisseau Sec",
    "place des Cigales",
    "au Mas Imaginaire",
};
static const char *const openers[] = {
    "",
    "",
    "",
    "Habitant du quartier depuis vingt ans. ",
    "Question d'une mère de famille : ",
    "Remarque d'un commerçant : ",
    "Plusieurs voisins demandent : ",
    "Un locataire âgé : ",
};

/* Channels of what staff write down, weighted; 'online' are residents'. */
static const char *const staff_channels[] = {"office_hours", "office_hours",   "office_hours",	 "outreach",
					     "outreach",     "paper_register", "paper_register", "mail",
					     "social_media", "social_media"};

/* ---- meetings ---- */

static const struct {
	const char *kind, *title;
	int weight, capacity, crowd; /* crowd: people counted at the door, at most */
} meeting_kinds[] = {
    {"public_meeting", "Réunion publique", 30, 0, 150}, {"workshop", "Atelier", 30, 30, 30},
    {"event", "Fête de quartier", 15, 0, 300},		{"walk", "Balade urbaine", 10, 25, 25},
    {"committee_session", "Comité de suivi", 15, 0, 0},
};
static const char *const topics[] = {
    "le projet du Grand Mail",
    "la rénovation des halls",
    "le futur parc",
    "la charte de relogement",
    "la circulation pendant les travaux",
    "les commerces de la place",
    "l'école et ses abords",
    "la propreté des espaces extérieurs",
    "les jardins partagés",
    "les clauses d'insertion",
    "les jeux pour enfants",
    "la résidentialisation",
};
static const char *const first_names[] = {"Amina", "Bruno", "Chloé",  "David", "Émilie",  "Farid", "Gaëlle",
					  "Hugo",  "Inès",  "Jérôme", "Leïla", "Mathieu", "Nora",  "Olivier"};
static const char *const last_names[] = {"Arnaud", "Belkacem", "Carpentier", "Delmas", "Estève", "Fabre", "Garcia",
					 "Hamdi",  "Jourdan",  "Meunier",    "Nguyen", "Perrin", "Salhi", "Vidal"};

static void iso(time_t t, char out[21])
{
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* The Paris day of t (TZ is Europe/Paris, set in main()). */
static void paris_day(time_t t, char out[11])
{
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

/* The kind of a new meeting, by weight. */
static int pick_kind(void)
{
	int n = below(100);
	for (size_t k = 0; k < NELEM(meeting_kinds); k++) {
		if (n < meeting_kinds[k].weight)
			return (int)k;
		n -= meeting_kinds[k].weight;
	}
	return 0;
}

/* People registered for an upcoming public meeting. 0 or -1. */
static int write_registrations(long long meeting, int count, const char *now)
{
	for (int i = 0; i < count; i++) {
		char email[96], token[40];
		int f = below((int)NELEM(first_names)), l = below((int)NELEM(last_names));
		snprintf(email, sizeof email, "inscrit.%lld.%d@exemple.fr", meeting, i + 1);
		snprintf(token, sizeof token, "%016llx%016llx", (unsigned long long)rng_next(),
			 (unsigned long long)meeting);
		if (db_exec(
			"INSERT INTO registration (meeting_id, name, email, consent_at, status, source, token_hash, "
			"created_at, updated_at) VALUES (?, ? || ' ' || ?, ?, ?, 'registered', 'online', ?, ?, ?)",
			"ittttttt", meeting, first_names[f], last_names[l], email, now, token, now, now) != 0)
			return -1;
	}
	return 0;
}

/* Walk-ins written down at a meeting held (the others are only counted). */
static int write_walk_ins(ctx_t *c, long long meeting, int count, const char *at)
{
	for (int i = 0; i < count; i++) {
		int f = below((int)NELEM(first_names)), l = below((int)NELEM(last_names));
		if (db_exec("INSERT INTO attendance (meeting_id, name, status, recorded_by, recorded_at) VALUES "
			    "(?, ? || ' ' || ?, 'present', NULLIF(?, 0), ?)",
			    "ittit", meeting, first_names[f], last_names[l], c->staff, at) != 0)
			return -1;
	}
	return 0;
}

/* One invented meeting number k of project index p. 0 or -1. */
static int write_meeting(ctx_t *c, long long k, int p, const char *now)
{
	int kind = pick_kind();
	/* Past ones over the 24 months, a few upcoming ones. */
	int day = below(SPAN_DAYS + AHEAD_DAYS) - SPAN_DAYS;
	time_t start = c->now - (c->now % DAY) + (time_t)day * DAY + 17 * 3600; /* 18:00 or 19:00 in Paris */
	int committee = strcmp(meeting_kinds[kind].kind, "committee_session") == 0;
	if (committee)
		start -= 9 * 3600; /* committees meet in the morning */
	char starts[21], ends[21], title[200], place[160];
	iso(start, starts);
	iso(start + 2 * 3600, ends);
	snprintf(title, sizeof title, "%s : %s (n° %lld, fictive)", meeting_kinds[kind].title, PICK(topics), k);
	snprintf(place, sizeof place, "Maison du projet, %s", PICK(places));
	int past = start + 2 * 3600 < c->now;
	const char *status = past ? (chance(5) ? "cancelled" : "held") : "scheduled";
	int held = strcmp(status, "held") == 0, is_public = !committee; /* committees meet in private */
	int crowd = meeting_kinds[kind].crowd;
	long long anonymous = held && crowd ? crowd / 4 + below(crowd - crowd / 4) : 0;
	if (db_exec(
		"INSERT INTO meeting (project_id, kind, title, place, starts_at, ends_at, is_public, status, "
		"description, capacity, anonymous_attendees, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, "
		"?, ?, ?, ?, 'Réunion inventée pour les mesures de performance (quartier demo --scale).', "
		"NULLIF(?, 0), ?, NULLIF(?, 0), ?, ?)",
		"itttttitiiitt", c->projects[p], meeting_kinds[kind].kind, title, place, starts, ends,
		(long long)is_public, status, (long long)meeting_kinds[kind].capacity, anonymous, c->staff, now,
		now) != 0)
		return -1;
	long long id = db_last_id();
	g_meetings++;
	if (held && is_public && write_walk_ins(c, id, 1 + below(4), starts) != 0)
		return -1;
	if (!past && is_public && chance(70) && write_registrations(id, 3 + below(13), now) != 0)
		return -1;
	return 0;
}

/* Every meeting held, for the contributions collected there. 0 or -1. */
static int load_held(ctx_t *c)
{
	json_t *rows = db_rows("SELECT id, project_id, starts_at FROM meeting WHERE status = 'held' AND is_public = 1 "
			       "AND project_id IS NOT NULL ORDER BY id",
			       NULL);
	c->nheld = (int)json_array_size(rows);
	c->held = calloc((size_t)c->nheld + 1, sizeof *c->held);
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
	{
		struct tm tm = {0};
		const char *s = json_string_value(json_object_get(row, "starts_at"));
		c->held[i].id = json_integer_value(json_object_get(row, "id"));
		c->held[i].project_id = json_integer_value(json_object_get(row, "project_id"));
		if (s && strptime(s, "%Y-%m-%dT%H:%M:%SZ", &tm))
			paris_day(timegm(&tm), c->held[i].day);
		else
			snprintf(c->held[i].day, sizeof c->held[i].day, "%.10s", s ? s : "2026-01-01");
	}
	json_decref(rows);
	return 0;
}

/* ---- contributions ---- */

/* The texts of theme index t (by name), or NULL. */
static const theme_text_t *text_of(ctx_t *c, int t)
{
	for (size_t k = 0; k < NELEM(texts); k++)
		if (strcmp(texts[k].name, c->theme_names[t]) == 0)
			return &texts[k];
	return NULL;
}

/* A held meeting of project_id, or NULL (drawn among a few tries). */
static const held_t *held_of(ctx_t *c, long long project_id)
{
	for (int tries = 0; c->nheld && tries < 8; tries++) {
		const held_t *h = &c->held[below(c->nheld)];
		if (h->project_id == project_id)
			return h;
	}
	return NULL;
}

/* The state of a contribution said `age` days ago. */
static const char *status_for_age(int age)
{
	int n = below(100);
	if (age < 15)
		return n < 55 ? "received" : n < 85 ? "in_review" : "answered";
	if (age < 60)
		return n < 15	? "received"
		       : n < 40 ? "in_review"
		       : n < 75 ? "answered"
		       : n < 93 ? "taken_into_account"
				: "out_of_scope";
	return n < 3	? "received"
	       : n < 10 ? "in_review"
	       : n < 60 ? "answered"
	       : n < 88 ? "taken_into_account"
			: "out_of_scope";
}

/* Inserts one contribution with its themes and sector. 0 or -1. */
static int write_contribution(ctx_t *c)
{
	int p = chance(60) ? 0 : (c->nprojects > 1 ? 1 + below(c->nprojects - 1) : 0);
	long long project = c->projects[p];
	/* A little more each month: the age in days, weighted towards recent. */
	int age = 1 + below(SPAN_DAYS - 1);
	if (chance(30))
		age = 1 + below(SPAN_DAYS / 2);
	char day[11];
	paris_day(c->now - (time_t)age * DAY, day);
	const char *channel = chance(35) ? "online" : PICK(staff_channels);
	long long meeting = 0;
	const held_t *h = chance(20) ? held_of(c, project) : NULL;
	if (h) {
		meeting = h->id;
		channel = "meeting";
		memcpy(day, h->day, sizeof day);
		struct tm tm = {0};
		strptime(day, "%Y-%m-%d", &tm);
		age = (int)((c->now - timegm(&tm)) / DAY);
	}
	/* Themes: 1 to 3, distinct; the first one gives the text. */
	int nt = 1 + (chance(40) ? 1 + chance(35) : 0), t[3];
	if (nt > c->nthemes)
		nt = c->nthemes;
	for (int i = 0; i < nt; i++) {
		t[i] = below(c->nthemes);
		for (int j = 0; j < i; j++)
			if (t[j] == t[i])
				t[i] = (t[i] + 1) % c->nthemes, j = -1;
	}
	const theme_text_t *tx = text_of(c, t[0]);
	char body[900];
	snprintf(body, sizeof body, "%s%s (%s)%s%s", PICK(openers),
		 tx ? tx->said[below(4)] : "Une remarque sur le projet.", PICK(places),
		 nt > 1 && text_of(c, t[1]) ? " " : "",
		 nt > 1 && text_of(c, t[1]) ? text_of(c, t[1])->said[below(4)] : "");
	const char *status = status_for_age(age);
	int answered = strcmp(status, "received") != 0 && strcmp(status, "in_review") != 0;
	const char *answer =
	    answered ? (tx ? tx->answers[below(3)] : "La remarque est transmise au maître d'ouvrage.") : NULL;
	if (answered && strcmp(status, "out_of_scope") == 0)
		answer = "Cette question ne relève pas du projet de renouvellement urbain ; elle est transmise au "
			 "service compétent de la Ville.";
	/* Said at 10:00 Paris-ish, answered 3 to 45 days later (not after now). */
	char created[21], answered_at[21];
	struct tm tm = {0};
	strptime(day, "%Y-%m-%d", &tm);
	time_t said = timegm(&tm) + 9 * 3600;
	iso(said, created);
	time_t at = said + (time_t)(3 + below(43)) * DAY;
	iso(at < c->now ? at : c->now - 3600, answered_at);
	/* Online: moderated (a few pending or rejected); staff entries published. */
	int online = strcmp(channel, "online") == 0, m = below(100);
	const char *moderation = online ? (m < 88   ? "published"
					   : m < 96 ? "pending"
						    : "rejected")
					: (m < 97 ? "published" : "pending");
	if (strcmp(moderation, "published") != 0 && answered && chance(50))
		moderation = "published";
	/* Author details only with consent, for a few online ones. */
	int consent = online && chance(8);
	char name[80] = "", email[96] = "";
	if (consent) {
		snprintf(name, sizeof name, "%s %s", PICK(first_names), PICK(last_names));
		snprintf(email, sizeof email, "contributeur.%lld@exemple.fr", g_contributions + 1);
	}
	if (db_exec(
		"INSERT INTO contribution (project_id, received_on, channel, body, author_name, author_email, "
		"author_consent_at, status, moderation, answer, answered_at, answered_by, meeting_id, created_by, "
		"answer_notified_at, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, NULLIF(?5, ''), NULLIF(?6, ''), "
		"CASE WHEN ?5 <> '' THEN ?7 END, ?8, ?9, ?10, ?11, CASE WHEN ?10 IS NOT NULL THEN NULLIF(?12, 0) END, "
		"NULLIF(?13, 0), NULLIF(?14, 0), CASE WHEN ?6 <> '' AND ?10 IS NOT NULL THEN ?11 END, ?7, "
		"COALESCE(?11, ?7))",
		"itttttttttti"
		"ii",
		project, day, channel, body, name, email, created, status, moderation, answer,
		answered ? answered_at : NULL, c->staff, meeting, online ? 0LL : c->staff) != 0)
		return -1;
	long long id = db_last_id();
	g_contributions++;
	for (int i = 0; i < nt; i++)
		if (db_exec("INSERT INTO contribution_theme (contribution_id, theme_id) VALUES (?, ?)", "ii", id,
			    c->themes[t[i]]) != 0)
			return -1;
	/* A sector of the project for most. */
	if (chance(70)) {
		int first = below(c->nsectors);
		for (int k = 0; k < c->nsectors; k++) {
			int s = (first + k) % c->nsectors;
			if (c->sector_project[s] != project)
				continue;
			if (db_exec("INSERT INTO contribution_sector (contribution_id, sector_id) VALUES (?, ?)", "ii",
				    id, c->sectors[s]) != 0)
				return -1;
			break;
		}
	}
	return 0;
}

/* ---- bulk loading ---- */

/* The per-row triggers a bulk load replaces by one pass at the end:
 * full-text index and page-cache generation. */
static const char *const bulk_triggers[] = {"contribution_fts_ins", "contribution_gen_ins",
					    "contribution_theme_gen_ins", "contribution_sector_gen_ins"};
static const char *const bulk_tables[] = {"contribution", "contribution_theme", "contribution_sector"};

/* The full-text rows of contributions from id `first` on, in one pass
 * without incremental merges, then merged into one segment. 0 or -1. */
static int index_text(long long first)
{
	return db_exec("INSERT INTO contribution_fts (contribution_fts, rank) VALUES ('automerge', 0)", "") != 0 ||
		       db_exec("INSERT INTO contribution_fts (rowid, body, answer) SELECT id, body, "
			       "COALESCE(answer, '') FROM contribution WHERE id >= ? ORDER BY id",
			       "i", first) != 0 ||
		       db_exec("INSERT INTO contribution_fts (contribution_fts) VALUES ('optimize')", "") != 0 ||
		       db_exec("INSERT INTO contribution_fts (contribution_fts, rank) VALUES ('automerge', 4)", "") != 0
		   ? -1
		   : 0;
}

/* What the generator needs from the demo data. 0 or -1. */
static int ctx_load(ctx_t *c)
{
	c->now = time(NULL);
	c->staff = db_int(0, "SELECT id FROM account WHERE email = 'staff@demo.test'", NULL);
	json_t *rows = db_rows("SELECT id FROM project ORDER BY position, id LIMIT ?", "i", (long long)MAX_PROJECTS);
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row) c->projects[c->nprojects++] = json_integer_value(json_object_get(row, "id"));
	json_decref(rows);
	rows = db_rows("SELECT id, project_id FROM sector ORDER BY id LIMIT ?", "i", (long long)MAX_SECTORS);
	json_array_foreach(rows, i, row)
	{
		c->sectors[c->nsectors] = json_integer_value(json_object_get(row, "id"));
		c->sector_project[c->nsectors++] = json_integer_value(json_object_get(row, "project_id"));
	}
	json_decref(rows);
	c->theme_rows = db_rows("SELECT id, name FROM theme WHERE active = 1 ORDER BY position, id LIMIT ?", "i",
				(long long)MAX_THEMES);
	json_array_foreach(c->theme_rows, i, row)
	{
		c->themes[c->nthemes] = json_integer_value(json_object_get(row, "id"));
		c->theme_names[c->nthemes++] = json_string_value(json_object_get(row, "name"));
	}
	return c->nprojects && c->nthemes ? 0 : -1;
}

/* Loads the contributions with the triggers and indexes set aside. */
static int bulk_contributions(ctx_t *c, long long count)
{
	long long first = db_int(0, "SELECT COALESCE(max(id), 0) + 1 FROM contribution", "");
	json_t *saved = demo_bulk_set_aside(bulk_triggers, NELEM(bulk_triggers), bulk_tables, NELEM(bulk_tables));
	int rc = saved ? 0 : -1;
	for (long long i = 0; rc == 0 && i < count; i++)
		rc = write_contribution(c);
	if (rc == 0)
		rc = demo_bulk_restore(saved);
	if (rc == 0)
		rc = index_text(first);
	if (rc == 0 && db_exec("UPDATE cache_generation SET n = n + 1", "") != 0)
		rc = -1;
	json_decref(saved);
	return rc;
}

int contributions_demo_load(int scale)
{
	g_contributions = g_meetings = 0;
	if (scale < 2)
		return 0;
	ctx_t c;
	memset(&c, 0, sizeof c);
	int rc = ctx_load(&c);
	char now[21];
	iso(c.now, now);
	long long meetings = (long long)(scale - 1) * CONTRIBUTIONS_DEMO_MEETINGS_PER_STEP;
	for (long long k = 0; rc == 0 && k < meetings; k++)
		rc = write_meeting(&c, k + 1, (int)(k % c.nprojects), now);
	if (rc == 0)
		rc = load_held(&c);
	if (rc == 0)
		rc = bulk_contributions(&c, (long long)(scale - 1) * CONTRIBUTIONS_DEMO_PER_STEP);
	if (rc != 0)
		log_error("données de démonstration de la concertation : échec");
	free(c.held);
	json_decref(c.theme_rows);
	return rc;
}
