/* reports_demo.c — see reports_demo.h.
 *
 * Everything here is invented: descriptions, reporters (@exemple.fr),
 * comments. Points are drawn inside the demo sectors' outlines; each
 * report's state follows from its age and its category's deadline (old ones
 * closed, recent ones being handled, a few overdue), and its events tell the
 * same story, so that a report's status is always the to_status of its last
 * event. Rows are written directly with prepared statements: the demo runs
 * without an HTTP request. */
#include "modules/reports_demo.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/config.h"
#include "core/embedded.h"
#include "core/log.h"
#include "db/db.h"
#include "modules/demo.h"
#include "modules/geojson.h"
#include "modules/report_model.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define MAX_SECTORS 32
#define MAX_CATS 64
#define POOL 4096 /* points drawn in advance in each sector */
#define DAY 86400
#define DEMO_REPORTS 300

static long long g_written;

long long reports_demo_count(void)
{
	return g_written;
}

/* ---- a small deterministic generator (splitmix64) ---- */

typedef struct rng {
	uint64_t s;
} rng_t;

static uint64_t rng_next(rng_t *g)
{
	uint64_t z = (g->s += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

/* A number in [0, 1). */
static double rng_unit(rng_t *g)
{
	return (double)(rng_next(g) >> 11) / 9007199254740992.0;
}

/* An integer in [0, n). */
static int rng_below(rng_t *g, int n)
{
	return n > 0 ? (int)(rng_unit(g) * n) : 0;
}

/* ---- what the generator knows ---- */

typedef struct sector_info {
	long long id, project_id;
	double pts[POOL][2]; /* lat, lon */
	int weight;
} sector_info_t;

typedef struct cat_info {
	long long id;
	char code[48];
	long long deadline_h;
	int weight;
	long long handler[MAX_SECTORS]; /* by sector index */
	long long last_report;		/* the latest report of the category (duplicates point at it) */
	char last_ref[32];		/* its reference */
} cat_info_t;

typedef struct ctx {
	rng_t rng;
	time_t now;
	sector_info_t *sec;
	int nsec, sec_total;
	cat_info_t cat[MAX_CATS];
	int ncat, cat_total;
	long long counter[3000]; /* public reference numbers by year */
	long long staff_id, partner_id, partner_org;
} ctx_t;

/* Relative frequency of each category: corrective problems are the most
 * common, works and watch rarer. */
static int category_weight(const char *code)
{
	static const struct {
		const char *code;
		int w;
	} t[] = {
	    {"proprete", 14},
	    {"encombrants", 12},
	    {"eclairage", 8},
	    {"espaces_verts", 6},
	    {"voirie", 7},
	    {"tags", 7},
	    {"mobilier", 5},
	    {"ascenseur", 6},
	    {"parties_communes", 8},
	    {"stationnement", 6},
	    {"nuisances_chantier", 5},
	    {"securite_chantier", 3},
	    {"cheminement", 3},
	    {"batiment_vacant", 2},
	    {"squat", 1},
	    {"risque", 1},
	};
	for (size_t i = 0; i < NELEM(t); i++)
		if (strcmp(t[i].code, code) == 0)
			return t[i].w;
	return 1;
}

/* Collects every position of a GeoJSON geometry's coordinates into a box. */
static void bbox_walk(json_t *v, double box[4])
{
	if (!json_is_array(v))
		return;
	if (json_array_size(v) >= 2 && json_is_number(json_array_get(v, 0))) {
		double lon = json_number_value(json_array_get(v, 0)), lat = json_number_value(json_array_get(v, 1));
		box[0] = fmin(box[0], lat);
		box[1] = fmax(box[1], lat);
		box[2] = fmin(box[2], lon);
		box[3] = fmax(box[3], lon);
		return;
	}
	for (size_t i = 0; i < json_array_size(v); i++)
		bbox_walk(json_array_get(v, i), box);
}

/* Draws POOL points inside a sector's outline (rejection sampling in its
 * bounding box). 0, or -1 when the outline is unusable. */
static int sector_points(ctx_t *c, sector_info_t *s, const char *geometry)
{
	json_t *g = json_loads(geometry, 0, NULL);
	double box[4] = {90, -90, 180, -180};
	if (g)
		bbox_walk(json_object_get(g, "coordinates"), box);
	json_decref(g);
	if (box[0] > box[1])
		return -1;
	int n = 0;
	for (int tries = 0; n < POOL && tries < POOL * 50; tries++) {
		double lat = box[0] + (box[1] - box[0]) * rng_unit(&c->rng);
		double lon = box[2] + (box[3] - box[2]) * rng_unit(&c->rng);
		if (geojson_contains(geometry, lon, lat)) {
			s->pts[n][0] = round(lat * 1e6) / 1e6;
			s->pts[n][1] = round(lon * 1e6) / 1e6;
			n++;
		}
	}
	return n == POOL ? 0 : -1;
}

/* Reads sectors, categories and the routing. 0 or -1. */
static int ctx_load(ctx_t *c)
{
	json_t *secs =
	    db_rows("SELECT s.id, s.project_id, s.geojson, p.slug FROM sector s JOIN project p ON p.id = s.project_id "
		    "WHERE s.geojson IS NOT NULL ORDER BY p.position, p.id, s.position, s.id",
		    "");
	c->nsec = 0;
	size_t i;
	json_t *row;
	json_array_foreach(secs, i, row)
	{
		if (c->nsec == MAX_SECTORS)
			break;
		sector_info_t *s = &c->sec[c->nsec];
		s->id = json_integer_value(json_object_get(row, "id"));
		s->project_id = json_integer_value(json_object_get(row, "project_id"));
		const char *slug = json_string_value(json_object_get(row, "slug"));
		s->weight = slug && strcmp(slug, "mosson") == 0 ? 5 : 3; /* Mosson is the larger project */
		if (sector_points(c, s, json_string_value(json_object_get(row, "geojson"))) == 0) {
			c->sec_total += s->weight;
			c->nsec++;
		}
	}
	json_decref(secs);
	json_t *cats =
	    db_rows("SELECT id, code, deadline_hours FROM report_category WHERE active = 1 ORDER BY position, id", "");
	json_array_foreach(cats, i, row)
	{
		if (c->ncat == MAX_CATS)
			break;
		cat_info_t *k = &c->cat[c->ncat++];
		k->id = json_integer_value(json_object_get(row, "id"));
		snprintf(k->code, sizeof k->code, "%s", json_string_value(json_object_get(row, "code")));
		k->deadline_h = json_integer_value(json_object_get(row, "deadline_hours"));
		k->weight = category_weight(k->code);
		c->cat_total += k->weight;
		for (int s = 0; s < c->nsec; s++)
			k->handler[s] = report_route_for(k->id, c->sec[s].id);
	}
	json_decref(cats);
	c->staff_id = db_int(0, "SELECT id FROM account WHERE email = 'staff@demo.test'", "");
	c->partner_id = db_int(0, "SELECT id FROM account WHERE email = 'partner@demo.test'", "");
	c->partner_org = db_int(0, "SELECT organization_id FROM account WHERE email = 'partner@demo.test'", "");
	json_t *years = db_rows("SELECT year, n FROM report_counter", "");
	json_array_foreach(years, i, row)
	{
		long long y = json_integer_value(json_object_get(row, "year"));
		if (y >= 0 && y < (long long)NELEM(c->counter))
			c->counter[y] = json_integer_value(json_object_get(row, "n"));
	}
	json_decref(years);
	return c->nsec && c->ncat ? 0 : -1;
}

static int pick_weighted_cat(ctx_t *c)
{
	int x = rng_below(&c->rng, c->cat_total);
	for (int i = 0; i < c->ncat; i++) {
		if (x < c->cat[i].weight)
			return i;
		x -= c->cat[i].weight;
	}
	return c->ncat - 1;
}

static int pick_weighted_sector(ctx_t *c)
{
	int x = rng_below(&c->rng, c->sec_total);
	for (int i = 0; i < c->nsec; i++) {
		if (x < c->sec[i].weight)
			return i;
		x -= c->sec[i].weight;
	}
	return c->nsec - 1;
}

/* UTC ISO 8601 of t into buf[21], without strftime (a million calls). */
static void iso(time_t t, char buf[21])
{
	long long days = (long long)(t / DAY), secs = (long long)(t % DAY);
	if (secs < 0) {
		secs += DAY;
		days--;
	}
	/* civil_from_days (H. Hinnant) */
	long long z = days + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
	long long doe = z - era * 146097, yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long long y = yoe + era * 400, doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
	long long d = doy - (153 * mp + 2) / 5 + 1, m = mp < 10 ? mp + 3 : mp - 9;
	y += m <= 2;
	char tmp[96];
	snprintf(tmp, sizeof tmp, "%04lld-%02lld-%02lldT%02lld:%02lld:%02lldZ", y % 10000, m, d, secs / 3600,
		 secs / 60 % 60, secs % 60);
	memcpy(buf, tmp, 20);
	buf[20] = '\0';
}

/* ---- words ---- */

/* Descriptions by category code: what residents write. */
static const char *const *descriptions_of(const char *code)
{
	static const char *const proprete[] = {"Sacs poubelle éventrés au pied de l'immeuble depuis plusieurs jours.",
					       "Corbeille pleine qui déborde près de l'arrêt de tram.",
					       "Beaucoup de déchets sur la pelouse après le week-end.", NULL};
	static const char *const encombrants[] = {"Un canapé et un matelas déposés sur le trottoir.",
						  "Gravats et planches laissés devant le local poubelles.",
						  "Électroménager abandonné à côté des conteneurs.", NULL};
	static const char *const eclairage[] = {"Le lampadaire ne s'allume plus le soir, le passage est dans le noir.",
						"Trois lampadaires éteints le long du cheminement piéton.",
						"Un lampadaire clignote toute la nuit.", NULL};
	static const char *const espaces_verts[] = {"Une grosse branche menace de tomber sur l'aire de jeux.",
						    "L'arrosage automatique fuit, la pelouse est inondée.",
						    "Les haies n'ont pas été taillées et gênent le passage.", NULL};
	static const char *const voirie[] = {"Nid-de-poule profond sur la chaussée, dangereux pour les deux-roues.",
					     "Plaque d'égout descellée qui bouge au passage des voitures.",
					     "Trottoir soulevé par les racines, on trébuche.", NULL};
	static const char *const tags[] = {"Nouveaux tags sur la façade à côté de l'entrée.",
					   "Graffitis sur l'abri de l'arrêt de bus.",
					   "Inscriptions injurieuses sur le mur de l'école.", NULL};
	static const char *const mobilier[] = {"Banc cassé, une planche manque.",
					       "Le toboggan de l'aire de jeux est fendu.",
					       "Barrière arrachée au bord du parking.", NULL};
	static const char *const ascenseur[] = {
	    "L'ascenseur est en panne depuis hier, des personnes âgées sont bloquées.",
	    "L'ascenseur s'arrête entre deux étages.", "Porte de l'ascenseur qui ne ferme plus.", NULL};
	static const char *const parties_communes[] = {"La porte du hall ne ferme plus à clé.",
						       "Plus de lumière dans la cage d'escalier.",
						       "Le local poubelles est très sale et sent mauvais.", NULL};
	static const char *const stationnement[] = {"Voiture sans plaque garée depuis des semaines.",
						    "Véhicule garé sur le passage pompiers.",
						    "Épave brûlée sur le parking.", NULL};
	static const char *const nuisances_chantier[] = {
	    "Le chantier commence avant 7 heures avec beaucoup de bruit.",
	    "Beaucoup de poussière sur les balcons depuis le début de la démolition.",
	    "Boue sur la chaussée à la sortie des camions.", NULL};
	static const char *const securite_chantier[] = {
	    "La clôture du chantier est ouverte, des enfants jouent dedans.",
	    "Panneau de signalisation tombé au bord du chantier.", "Tranchée non protégée sur le trottoir.", NULL};
	static const char *const cheminement[] = {"Le passage vers l'arrêt de tram est fermé sans déviation.",
						  "Impossible de passer avec une poussette à cause des barrières.",
						  "L'accès à l'entrée de l'immeuble est bloqué par le chantier.", NULL};
	static const char *const batiment_vacant[] = {"Porte forcée dans l'immeuble vidé avant démolition.",
						      "Fenêtres ouvertes au rez-de-chaussée du bâtiment muré.",
						      "Des personnes entrent la nuit dans le bâtiment vide.", NULL};
	static const char *const squat[] = {"Un logement vide semble occupé depuis quelques jours.",
					    "Le local commercial fermé est occupé.", NULL};
	static const char *const risque[] = {"Câble électrique qui pend à hauteur de tête.",
					     "Morceau de façade qui menace de tomber.", NULL};
	static const char *const other[] = {"Problème constaté dans l'espace public.", NULL};
	static const struct {
		const char *code;
		const char *const *d;
	} t[] = {
	    {"proprete", proprete},
	    {"encombrants", encombrants},
	    {"eclairage", eclairage},
	    {"espaces_verts", espaces_verts},
	    {"voirie", voirie},
	    {"tags", tags},
	    {"mobilier", mobilier},
	    {"ascenseur", ascenseur},
	    {"parties_communes", parties_communes},
	    {"stationnement", stationnement},
	    {"nuisances_chantier", nuisances_chantier},
	    {"securite_chantier", securite_chantier},
	    {"cheminement", cheminement},
	    {"batiment_vacant", batiment_vacant},
	    {"squat", squat},
	    {"risque", risque},
	};
	for (size_t i = 0; i < NELEM(t); i++)
		if (strcmp(t[i].code, code) == 0)
			return t[i].d;
	return other;
}

static const char *pick(rng_t *g, const char *const *list)
{
	int n = 0;
	while (list[n])
		n++;
	return list[rng_below(g, n)];
}

static const char *const landmarks[] = {
    "Au pied du bâtiment B",
    "Devant l'entrée 3",
    "Près de l'arrêt de tram",
    "À côté de l'aire de jeux",
    "Sur le parking de la résidence",
    "Le long du cheminement piéton",
    "Devant l'école",
    "Près du local poubelles",
    "À l'angle de la place",
    "Derrière le centre commercial",
    NULL,
};

static const char *const first_names[] = {"Amina", "Bruno", "Chloé", "David", "Fatima", "Hugo",	 "Inès",  "Julien",
					  "Leïla", "Marc",  "Nadia", "Omar",  "Rose",	"Samir", "Yanis", NULL};
static const char *const last_names[] = {"Benali", "Castel", "Diallo", "Fournier", "Garcia",  "Haddad", "Lopez",
					 "Martin", "Moreau", "Ouali",  "Roux",	   "Sanchez", NULL};

/* The public comment a handler writes when a report reaches `state`. */
static const char *public_comment(rng_t *g, const char *state)
{
	static const char *const ack[] = {"Nous avons bien reçu votre signalement ; une équipe va passer sur place.",
					  "Signalement pris en compte, merci.", NULL};
	static const char *const sched[] = {"Intervention programmée dans la semaine.",
					    "Une entreprise doit intervenir dans les prochains jours.", NULL};
	static const char *const prog[] = {"L'équipe est sur place, l'intervention est en cours.",
					   "Les travaux ont commencé.", NULL};
	static const char *const res[] = {
	    "C'est réglé : l'équipe est intervenue. Merci de votre signalement.", "Le problème a été traité ce matin.",
	    "Réparation faite, n'hésitez pas à nous redire si le problème revient.", NULL};
	static const char *const clo[] = {"Clôturé après vérification sur place.", NULL};
	static const char *const rej[] = {
	    "Ce terrain est privé : nous avons prévenu le syndic de la résidence.",
	    "Ce lieu est hors du périmètre du projet ; nous avons transmis à la mairie de quartier.",
	    "Après vérification, aucun problème n'a été constaté sur place.", NULL};
	if (strcmp(state, "acknowledged") == 0)
		return pick(g, ack);
	if (strcmp(state, "scheduled") == 0)
		return pick(g, sched);
	if (strcmp(state, "in_progress") == 0)
		return pick(g, prog);
	if (strcmp(state, "resolved") == 0)
		return pick(g, res);
	if (strcmp(state, "closed") == 0)
		return pick(g, clo);
	if (strcmp(state, "rejected") == 0)
		return pick(g, rej);
	return "";
}

static const char *const internal_notes[] = {
    "Bon de commande transmis à l'entreprise.",
    "Relancer l'entreprise de nettoyage si rien lundi.",
    "Vu avec le gardien de la résidence.",
    "Prévoir un passage conjoint avec la Ville.",
    NULL,
};

/* ---- writing one report ---- */

/* What to write. */
typedef struct plan {
	time_t created;
	int cat, sec, pt;
	const char *state; /* final state */
	time_t end;	   /* when the last event happened */
	long long walk_id;
	const char *source;
	int detailed;	 /* every step with comments (the demo set), or created + current (scale) */
	double lat, lon; /* used when has_point is 2 (fixed point) */
	int fixed_point;
} plan_t;

/* The steps from routed to the final state, for the detailed set. */
static int steps_to(const char *state, const char **out)
{
	static const char *const paths[][6] = {
	    {"new", NULL},
	    {"routed", NULL},
	    {"acknowledged", "acknowledged", NULL},
	    {"scheduled", "acknowledged", "scheduled", NULL},
	    {"in_progress", "acknowledged", "scheduled", "in_progress", NULL},
	    {"resolved", "acknowledged", "in_progress", "resolved", NULL},
	    {"closed", "acknowledged", "in_progress", "resolved", "closed", NULL},
	    {"rejected", "rejected", NULL},
	    {"duplicate", "duplicate", NULL},
	};
	for (size_t i = 0; i < NELEM(paths); i++) {
		if (strcmp(paths[i][0], state) != 0)
			continue;
		int n = 0;
		for (int k = 1; paths[i][k]; k++)
			out[n++] = paths[i][k];
		return n;
	}
	return 0;
}

/* Writes an event. 0 or -1. */
static int event(long long report, time_t at, long long actor, const char *label, const char *kind, const char *from,
		 const char *to, long long org, const char *pub, const char *internal)
{
	char t[21];
	iso(at, t);
	return db_exec("INSERT INTO report_event (report_id, at, actor_id, actor_label, kind, from_status, to_status, "
		       "handler_org_id, public_comment, internal_comment, is_public) VALUES (?, ?, NULLIF(?, 0), ?, ?, "
		       "?, ?, "
		       "NULLIF(?, 0), ?, ?, ?)",
		       "itittttitti", report, t, actor, label, kind, from, to, org, pub ? pub : "",
		       internal ? internal : "",
		       (long long)(pub && *pub ? 1 : (strcmp(kind, "comment") == 0 ? 0 : 1))) == 0
		   ? 0
		   : -1;
}

/* Who acts for the handler: the demo partner for ACM Habitat, else the
 * organisation's name with no account. */
static void handler_actor(ctx_t *c, long long org, long long *actor, const char **label)
{
	*actor = org == c->partner_org ? c->partner_id : 0;
	*label = org == c->partner_org ? "Sophie Martin" : "Gestionnaire";
}

/* The events after creation and routing, for a report in plan p. */
static int write_steps(ctx_t *c, long long id, const plan_t *p, long long org, const char *dup_of_ref)
{
	const char *steps[6];
	int n = p->detailed ? steps_to(p->state, steps) : 0;
	if (!p->detailed && strcmp(p->state, "new") != 0 && strcmp(p->state, "routed") != 0) {
		steps[0] = p->state;
		n = 1;
	}
	const char *from = org ? "routed" : "new";
	time_t start = p->created + 600;
	for (int k = 0; k < n; k++) {
		time_t at = k == n - 1 ? p->end : start + (time_t)((double)(p->end - start) * (k + 1) / (n + 1));
		const char *to = steps[k];
		int by_staff =
		    strcmp(to, "closed") == 0 || strcmp(to, "rejected") == 0 || strcmp(to, "duplicate") == 0 || !org;
		long long actor;
		const char *label;
		if (by_staff) {
			actor = c->staff_id;
			label = "Nadia Benali";
		} else
			handler_actor(c, org, &actor, &label);
		char dup[96] = "";
		if (strcmp(to, "duplicate") == 0 && dup_of_ref)
			snprintf(dup, sizeof dup, "Déjà signalé : suivez le signalement %s.", dup_of_ref);
		const char *pub = *dup					       ? dup
				  : p->detailed || strcmp(to, "rejected") == 0 ? public_comment(&c->rng, to)
									       : "";
		const char *internal = p->detailed && rng_below(&c->rng, 5) == 0 ? pick(&c->rng, internal_notes) : "";
		if (event(id, at, actor, label, "status", from, to, 0, pub, internal) != 0)
			return -1;
		from = to;
	}
	return 0;
}

/* The next public reference for a report created at t: S-2026-00042. */
static void next_ref(ctx_t *c, time_t t, char *ref, size_t len)
{
	struct tm tm;
	gmtime_r(&t, &tm);
	int y = tm.tm_year + 1900;
	long long n = ++c->counter[y];
	snprintf(ref, len, "S-%04d-%05lld", y % 10000, n % 10000000);
}

/* Writes a report with its events (and its answers for the detailed set).
 * Returns its id, or 0. */
static long long write_report(ctx_t *c, plan_t *p)
{
	cat_info_t *k = &c->cat[p->cat];
	sector_info_t *s = &c->sec[p->sec];
	long long org = k->handler[p->sec];
	if (!org && strcmp(p->state, "rejected") != 0 && strcmp(p->state, "duplicate") != 0)
		p->state = "new"; /* nobody to route it to: the officer has it */
	const char *state = p->state;
	long long dup_of = strcmp(state, "duplicate") == 0 ? k->last_report : 0;
	if (strcmp(state, "duplicate") == 0 && !dup_of)
		state = p->state = "rejected";
	char ref[64], created[21], due[21], end[21], resolved[21], closed[21];
	next_ref(c, p->created, ref, sizeof ref);
	iso(p->created, created);
	iso(p->created + (time_t)(k->deadline_h * 3600), due);
	iso(p->end, end);
	int is_resolved = strcmp(state, "resolved") == 0 || strcmp(state, "closed") == 0;
	int is_closed =
	    strcmp(state, "closed") == 0 || strcmp(state, "rejected") == 0 || strcmp(state, "duplicate") == 0;
	iso(strcmp(state, "closed") == 0 ? p->end - 3 * DAY : p->end, resolved);
	iso(p->end, closed);
	double lat = p->fixed_point ? p->lat : s->pts[p->pt][0], lon = p->fixed_point ? p->lon : s->pts[p->pt][1];
	const char *desc = pick(&c->rng, descriptions_of(k->code));
	const char *addr = rng_below(&c->rng, 3) ? pick(&c->rng, landmarks) : "";
	/* Some residents leave an e-mail (invented, @exemple.fr) to be told. */
	char email[96] = "", name[96] = "";
	int with_reporter = strcmp(p->source, "web") == 0 && rng_below(&c->rng, 3) == 0;
	/* As the retention purge leaves them: no reporter details on a report
	 * ended (closed, or resolved and left so) more than
	 * --reporter-retention-days ago. */
	if ((is_closed || strcmp(state, "resolved") == 0) &&
	    p->end < c->now - (time_t)g_config.reporter_retention_days * DAY)
		with_reporter = 0;
	if (with_reporter) {
		const char *fn = pick(&c->rng, first_names), *ln = pick(&c->rng, last_names);
		snprintf(name, sizeof name, "%s %s", fn, ln);
		snprintf(email, sizeof email, "habitant.%lld@exemple.fr", (long long)(rng_next(&c->rng) % 100000));
	}
	long long entered_by = strcmp(p->source, "staff") == 0 || strcmp(p->source, "walk") == 0 ? c->staff_id : 0;
	if (db_exec(
		"INSERT INTO report (ref, category_id, project_id, sector_id, lat, lon, address, description, status, "
		"handler_org_id, due_at, duplicate_of, walk_id, source, reporter_email, reporter_name, "
		"reporter_account_id, notify, created_at, updated_at, resolved_at, closed_at) VALUES (?, ?, ?, ?, ?, "
		"?, ?, "
		"?, ?, NULLIF(?, 0), ?, NULLIF(?, 0), NULLIF(?, 0), ?, NULLIF(?, ''), NULLIF(?, ''), NULLIF(?, 0), ?, "
		"?, ?, "
		"CASE WHEN ? THEN ? END, CASE WHEN ? THEN ? END)",
		"tiiiddtttitiitttiittitit", ref, k->id, s->project_id, s->id, lat, lon, addr, desc, state, org, due,
		dup_of, p->walk_id, p->source, email, name, entered_by, (long long)(with_reporter ? 1 : 0), created,
		end, (long long)is_resolved, resolved, (long long)is_closed, closed) != 0)
		return 0;
	long long id = db_last_id();
	const char *who = entered_by ? "Nadia Benali" : "Habitant";
	if (event(id, p->created, entered_by, who, "created", NULL, "new", 0, "", "") != 0)
		return 0;
	/* The generated set keeps two events: 'created' and the current state's
	 * (the routing when that is the state); the demo set tells every step. */
	int routed_event = org && strcmp(state, "new") != 0 && (p->detailed || strcmp(state, "routed") == 0);
	if (routed_event && event(id, p->created + 60, 0, "Système", "routed", "new", "routed", org, "", "") != 0)
		return 0;
	if (write_steps(c, id, p, strcmp(state, "new") == 0 ? 0 : org, dup_of ? k->last_ref : NULL) != 0)
		return 0;
	if (strcmp(state, "duplicate") != 0) {
		k->last_report = id;
		snprintf(k->last_ref, sizeof k->last_ref, "%.31s", ref);
	}
	g_written++;
	return id;
}

/* The state of a report of that age (seconds) and deadline, and when its
 * last event happened. Old reports are closed; recent ones being handled;
 * `late` of the open ones that are past their deadline stay open (overdue). */
static const char *state_for_age(ctx_t *c, time_t created, long long deadline_h, double late, time_t *end)
{
	rng_t *g = &c->rng;
	time_t age = c->now - created, deadline = (time_t)deadline_h * 3600;
	double x = rng_unit(g);
	time_t took = (time_t)((double)deadline * (0.2 + 1.0 * rng_unit(g))); /* mostly within the deadline */
	if (age < deadline) {
		*end = created + (time_t)((double)age * (0.3 + 0.6 * rng_unit(g)));
		static const char *const open[] = {"routed",	  "acknowledged", "scheduled",
						   "in_progress", "resolved",	  "new"};
		static const double cum[] = {0.28, 0.5, 0.66, 0.8, 0.9, 1.0};
		for (size_t i = 0; i < NELEM(open); i++)
			if (x < cum[i])
				return open[i];
		return "routed";
	}
	if (rng_unit(g) < late) { /* still open past its deadline */
		*end = created + (time_t)((double)age * (0.1 + 0.3 * rng_unit(g)));
		static const char *const overdue[] = {"routed", "acknowledged", "scheduled", "in_progress"};
		return overdue[rng_below(g, 4)];
	}
	*end = created + (took < age ? took : age - 60);
	if (x < 0.06)
		return "rejected";
	if (x < 0.11)
		return "duplicate";
	if (age < deadline + 14 * DAY && x < 0.5)
		return "resolved";
	if (x < 0.14)
		return "resolved";				       /* a few resolved, never closed */
	*end = *end + 3 * DAY < c->now ? *end + 3 * DAY : c->now - 60; /* closed after checking */
	return "closed";
}

/* ---- the demo set ---- */

/* The answers to the extra questions of the demo categories. */
static int write_answers(ctx_t *c, long long id, const char *code)
{
	static const char *const batiments[] = {"Bâtiment B, entrée 3", "Bâtiment A, entrée 1", "Tour 4, hall nord",
						NULL};
	static const char *const vehicules[] = {"ventouse", "epave", "gene", NULL};
	static const char *const nuisances[] = {"bruit", "poussiere", "bruit,poussiere", "boue", "horaires", NULL};
	const char *acode = NULL, *value = NULL;
	if (strcmp(code, "ascenseur") == 0 || strcmp(code, "parties_communes") == 0) {
		acode = "batiment";
		value = pick(&c->rng, batiments);
	} else if (strcmp(code, "stationnement") == 0) {
		acode = "vehicule";
		value = pick(&c->rng, vehicules);
	} else if (strcmp(code, "nuisances_chantier") == 0) {
		acode = "nuisance";
		value = pick(&c->rng, nuisances);
	}
	if (!acode)
		return 0;
	return db_exec("INSERT INTO report_attribute_value (report_id, code, value) VALUES (?, ?, ?)", "itt", id, acode,
		       value) == 0
		   ? 0
		   : -1;
}

static int cmp_plan(const void *a, const void *b)
{
	const plan_t *x = a, *y = b;
	return x->created < y->created ? -1 : x->created > y->created;
}

static int cat_index(ctx_t *c, const char *code)
{
	for (int i = 0; i < c->ncat; i++)
		if (strcmp(c->cat[i].code, code) == 0)
			return i;
	return 0;
}

static int sector_index(ctx_t *c, const char *slug)
{
	long long id = db_int(0, "SELECT id FROM sector WHERE slug = ?", "t", slug);
	for (int i = 0; i < c->nsec; i++)
		if (c->sec[i].id == id)
			return i;
	return 0;
}

/* The two walking diagnostics: one done three months ago in Mosson (its
 * findings are reports with walk_id), one planned next month in Cévennes.
 * Sets *done_id. 0 or -1. */
static int write_walks(ctx_t *c, long long *done_id)
{
	char done_at[21], planned_at[21], now[21];
	time_t done = c->now - 92 * DAY, planned = c->now + 33 * DAY;
	done -= done % DAY - 8 * 3600 - 1800; /* 9 h 30 in Paris in winter */
	planned -= planned % DAY - 15 * 3600;
	iso(done, done_at);
	iso(planned, planned_at);
	iso(c->now, now);
	static const char *const q_orgs =
	    "SELECT id FROM organization WHERE name IN ('ACM Habitat', 'Ville de Montpellier', "
	    "'SA3M (Société d''aménagement de Montpellier Méditerranée Métropole)', "
	    "'Ville de Montpellier — Direction de la propreté urbaine')";
	if (db_exec(
		"INSERT INTO walk (project_id, title, starts_at, route, meeting_point, status, notes, created_by, "
		"created_at, updated_at) SELECT id, 'Diagnostic en marchant des Hauts de Massane et du Grand Mail', ?, "
		"'Du parvis de la Maison du Projet au Grand Mail, par les halls des bâtiments en démolition et le "
		"cheminement du tram.', 'Parvis de la Maison du Projet', 'done', 'Une vingtaine d''habitants, le "
		"conseil citoyen et les partenaires. Huit constats relevés.', ?, ?, ? FROM project WHERE slug = "
		"'mosson'",
		"tit"
		"t",
		done_at, c->staff_id, done_at, now) != 0)
		return -1;
	*done_id = db_last_id();
	if (db_exec("INSERT INTO walk_sector (walk_id, sector_id) SELECT ?, id FROM sector WHERE slug IN "
		    "('hauts-de-massane', 'grand-mail')",
		    "i", *done_id) != 0)
		return -1;
	if (db_exec(
		"INSERT INTO walk (project_id, title, starts_at, route, meeting_point, status, notes, created_by, "
		"created_at, updated_at) SELECT id, 'Diagnostic en marchant de la copropriété et du square', ?, "
		"'Tour de la copropriété des Cévennes, puis le futur square et le parc.', 'Devant la loge du gardien', "
		"'planned', '', ?, ?, ? FROM project WHERE slug = 'cevennes'",
		"titt", planned_at, c->staff_id, now, now) != 0)
		return -1;
	long long planned_id = db_last_id();
	if (db_exec("INSERT INTO walk_sector (walk_id, sector_id) SELECT ?, id FROM sector WHERE slug IN "
		    "('copropriete-des-cevennes', 'square-et-parc')",
		    "i", planned_id) != 0)
		return -1;
	json_t *orgs = db_rows(q_orgs, "");
	size_t i;
	json_t *o;
	int rc = 0;
	json_array_foreach(orgs, i, o)
	{
		long long org = json_integer_value(json_object_get(o, "id"));
		if (db_exec("INSERT INTO walk_organization (walk_id, organization_id) VALUES (?, ?), (?, ?)", "iiii",
			    *done_id, org, planned_id, org) != 0)
			rc = -1;
	}
	json_decref(orgs);
	return rc;
}

/* About DEMO_REPORTS reports over the last twelve months, in the order they
 * were created, then the hotspot check on each. 0 or -1. */
static int demo_set(ctx_t *c)
{
	long long walk_id;
	if (write_walks(c, &walk_id) != 0)
		return -1;
	plan_t *plans = calloc(DEMO_REPORTS + 16, sizeof *plans);
	int n = 0;
	/* The walk's eight findings, on the morning of the walk. */
	time_t walk_at = (time_t)db_int(0, "SELECT unixepoch(starts_at) FROM walk WHERE id = ?", "i", walk_id);
	static const char *const walk_cats[] = {"encombrants",	    "eclairage",	 "tags",
						"parties_communes", "securite_chantier", "cheminement",
						"batiment_vacant",  "mobilier"};
	for (int i = 0; i < 8; i++) {
		plan_t *p = &plans[n++];
		p->created = walk_at + 600 * (i + 1);
		p->cat = cat_index(c, walk_cats[i]);
		p->sec = sector_index(c, i % 2 ? "grand-mail" : "hauts-de-massane");
		p->pt = rng_below(&c->rng, POOL);
		p->walk_id = walk_id;
		p->source = "walk";
	}
	/* The point noir: dumped items, four times within 30 m in Grand Mail, within six weeks. */
	int gm = sector_index(c, "grand-mail");
	double base_lat = c->sec[gm].pts[7][0], base_lon = c->sec[gm].pts[7][1];
	for (int i = 0; i < 4; i++) {
		plan_t *p = &plans[n++];
		p->created = c->now - (40 - 11 * i) * DAY - 3600 * (i + 2);
		p->cat = cat_index(c, "encombrants");
		p->sec = gm;
		p->fixed_point = 1;
		p->lat = base_lat + 0.00008 * (i % 2) - 0.00005 * (i / 2); /* within ~12 m */
		p->lon = base_lon + 0.0001 * (i % 3 == 1) - 0.00007 * (i == 3);
		p->source = i == 2 ? "staff" : "web";
	}
	while (n < DEMO_REPORTS) {
		plan_t *p = &plans[n++];
		/* More reports lately (residents learn to use it): the power bends the dates towards now. */
		p->created = c->now - (time_t)(365.0 * DAY * pow(rng_unit(&c->rng), 1.5)) - 120;
		p->cat = pick_weighted_cat(c);
		p->sec = pick_weighted_sector(c);
		p->pt = rng_below(&c->rng, POOL);
		int s = rng_below(&c->rng, 20);
		p->source = s < 12 ? "web" : s < 18 ? "staff" : "open311";
	}
	qsort(plans, (size_t)n, sizeof *plans, cmp_plan);
	int rc = 0;
	for (int i = 0; i < n && rc == 0; i++) {
		plan_t *p = &plans[i];
		p->detailed = 1;
		p->state = state_for_age(c, p->created, c->cat[p->cat].deadline_h, 0.025, &p->end);
		if (p->walk_id && strcmp(p->state, "duplicate") == 0)
			p->state = "closed";
		long long id = write_report(c, p);
		if (!id || write_answers(c, id, c->cat[p->cat].code) != 0 || hotspot_check(NULL, id) != 0)
			rc = -1;
	}
	free(plans);
	return rc;
}

/* ---- --scale ---- */

/* count generated reports over the five years before the demo set. */
static int scale_set(ctx_t *c, long long count)
{
	time_t span = 5 * 365 * (time_t)DAY, start = c->now - span;
	double step = (double)span / (double)count;
	plan_t p;
	for (long long i = 0; i < count; i++) {
		memset(&p, 0, sizeof p);
		/* A little more each year: t = start + span * u^(0.85). */
		double u = ((double)i + rng_unit(&c->rng) * 0.9) * step / (double)span;
		p.created = start + (time_t)((double)span * pow(u, 0.85));
		p.cat = pick_weighted_cat(c);
		p.sec = pick_weighted_sector(c);
		p.pt = rng_below(&c->rng, POOL);
		int s = rng_below(&c->rng, 20);
		p.source = s < 12 ? "web" : s < 18 ? "staff" : "open311";
		p.state = state_for_age(c, p.created, c->cat[p.cat].deadline_h, 0.004, &p.end);
		if (!write_report(c, &p))
			return -1;
	}
	return 0;
}

/* The per-row triggers that a bulk load replaces by one pass at the end:
 * full-text index, R*Tree, page-cache generation. */
static const char *const bulk_triggers[] = {"report_fts_ins", "report_geo_ins", "report_gen_ins",
					    "report_event_gen_ins"};

/* Loads `count` generated reports with the per-row triggers and the report
 * table's indexes set aside (their exact SQL is read from the schema and
 * recreated afterwards, in the same transaction, so that an index or trigger
 * a later migration adds is kept too), then fills the R*Tree, rebuilds the
 * full-text index and bumps the page-cache generation once. 0 or -1. */
static int scale_bulk(ctx_t *c, long long count)
{
	long long cache = db_int(-2000, "PRAGMA cache_size", "");
	db_exec("PRAGMA cache_size = -1048576", "");
	long long first = db_int(0, "SELECT COALESCE(max(id), 0) + 1 FROM report", "");
	/* The report table's own indexes too: built once by sorting at the end,
	 * rather than updated a million times. */
	static const char *const tables[] = {"report"};
	json_t *saved = demo_bulk_set_aside(bulk_triggers, NELEM(bulk_triggers), tables, NELEM(tables));
	int rc = saved ? 0 : -1;
	if (rc == 0)
		rc = scale_set(c, count);
	if (rc == 0)
		rc = demo_bulk_restore(saved);
	json_decref(saved);
	if (rc == 0 &&
	    db_exec("INSERT INTO report_geo (id, min_lat, max_lat, min_lon, max_lon) SELECT id, lat, lat, lon, lon "
		    "FROM report WHERE id >= ? AND lat IS NOT NULL",
		    "i", first) != 0)
		rc = -1;
	/* One rebuild without incremental merges, then one merge into a single
	 * segment; automerge back to FTS5's default (4). Measured: faster than
	 * the rebuild alone. */
	if (rc == 0 && (db_exec("INSERT INTO report_fts (report_fts, rank) VALUES ('automerge', 0)", "") != 0 ||
			db_exec("INSERT INTO report_fts (report_fts) VALUES ('rebuild')", "") != 0 ||
			db_exec("INSERT INTO report_fts (report_fts) VALUES ('optimize')", "") != 0 ||
			db_exec("INSERT INTO report_fts (report_fts, rank) VALUES ('automerge', 4)", "") != 0))
		rc = -1;
	if (rc == 0 && db_exec("UPDATE cache_generation SET n = n + 1", "") != 0)
		rc = -1;
	char pragma[64];
	snprintf(pragma, sizeof pragma, "PRAGMA cache_size = %lld;", cache);
	db_exec_script(pragma);
	return rc;
}

/* Stores the reference counters used. 0 or -1. */
static int save_counters(ctx_t *c)
{
	for (int y = 0; y < (int)NELEM(c->counter); y++)
		if (c->counter[y] && db_exec("INSERT INTO report_counter (year, n) VALUES (?, ?) ON CONFLICT(year) DO "
					     "UPDATE SET n = excluded.n",
					     "ii", (long long)y, c->counter[y]) != 0)
			return -1;
	return 0;
}

int reports_demo_load(int scale)
{
	g_written = 0;
	const embedded_file_t *sql = embedded_find(embedded_demo, embedded_demo_count, "reports.sql");
	if (!sql || db_exec_script((const char *)sql->data) != 0)
		return -1;
	ctx_t *c = calloc(1, sizeof *c);
	c->sec = calloc(MAX_SECTORS, sizeof *c->sec);
	c->rng.s = 0x5155415254494552ULL; /* "QUARTIER" */
	c->now = time(NULL);
	int rc = ctx_load(c);
	/* The demo set first, so that its ids are the same at every scale. */
	if (rc == 0)
		rc = demo_set(c);
	for (int k = 0; k < c->ncat; k++)
		c->cat[k].last_report = 0;
	if (rc == 0 && scale > 1)
		rc = scale_bulk(c, (long long)(scale - 1) * REPORTS_DEMO_PER_STEP);
	if (rc == 0)
		rc = save_counters(c);
	if (rc != 0)
		log_error("données de démonstration des signalements : échec");
	free(c->sec);
	free(c);
	return rc;
}
