-- Demo data for the bilan de la concertation (issue 6): a draft bilan of
-- Mosson over the last twelve months (Paris days), its legal frame, its
-- arrangements in words and conclusions still to write. Loaded by
-- `quartier demo` after contributions.sql: its figures are computed from
-- the demo's meetings and contributions when the page is opened.
INSERT INTO consultation_report (project_id, title, period_start, period_end, legal_frame, arrangements,
	conclusions, created_by, created_at, updated_at)
SELECT p.id, 'Bilan de la concertation — Mosson, douze derniers mois',
	date('now', 'localtime', '-12 months', '+1 day'), date('now', 'localtime'),
	'La concertation sur le projet de renouvellement urbain est conduite en application :' || char(10) || char(10) ||
	'- des **articles L. 103-2 et suivants du Code de l''urbanisme**, qui prévoient une concertation associant, pendant toute la durée de l''élaboration du projet, les habitants, les associations locales et les autres personnes concernées, et dont l''autorité compétente arrête le bilan à son issue (article L. 103-6) ;' || char(10) ||
	'- de la **loi n° 2014-173 du 21 février 2014** de programmation pour la ville et la cohésion urbaine, dont l''article 2 inscrit la politique de la ville dans une démarche de co-construction avec les habitants, et qui institue les conseils citoyens (article 7) ;' || char(10) ||
	'- du **règlement général de l''ANRU** relatif au NPNRU, qui demande que les habitants soient associés au projet tout au long de son élaboration et de sa mise en œuvre, notamment au sein d''une Maison du Projet.',
	'- **Maison du Projet** de la Mosson : permanences chaque mercredi après-midi et un samedi matin par mois.' || char(10) ||
	'- **Supports d''information** : Lettre du Projet (trois numéros), affichage dans les halls, pages du projet sur le site de la Métropole.' || char(10) ||
	'- **Canaux ouverts** : formulaire en ligne, registre papier à la Maison du Projet, courrier, réunions publiques et ateliers, « aller-vers » au marché et au pied des immeubles.',
	'', (SELECT id FROM account WHERE email = 'staff@demo.test'),
	strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
FROM project p WHERE p.slug = 'mosson';
