-- Demo data: outlines of the sectors and the public operations of the two
-- projects, as the project documents present them. Outlines are rough
-- (approximate shapes around the real places); dates are approximate and
-- said so; key figures stay empty rather than guessed. Loaded after demo.sql.

UPDATE project SET figures_note = 'Chiffres clés à compléter d''après la convention ANRU du projet.' WHERE slug IN ('mosson', 'cevennes');

UPDATE sector SET geojson = '{"type":"Polygon","coordinates":[[[3.8115,43.6195],[3.8175,43.6240],[3.8235,43.6232],[3.8228,43.6188],[3.8160,43.6180],[3.8115,43.6195]]]}' WHERE slug = 'hauts-de-massane';
UPDATE sector SET geojson = '{"type":"Polygon","coordinates":[[[3.8160,43.6180],[3.8228,43.6188],[3.8245,43.6150],[3.8190,43.6128],[3.8150,43.6145],[3.8160,43.6180]]]}' WHERE slug = 'coeur-de-quartier';
UPDATE sector SET geojson = '{"type":"Polygon","coordinates":[[[3.8228,43.6188],[3.8300,43.6170],[3.8305,43.6125],[3.8245,43.6118],[3.8245,43.6150],[3.8228,43.6188]]]}' WHERE slug = 'grand-mail';
UPDATE sector SET geojson = '{"type":"Polygon","coordinates":[[[3.8150,43.6145],[3.8190,43.6128],[3.8245,43.6118],[3.8230,43.6072],[3.8160,43.6068],[3.8130,43.6100],[3.8150,43.6145]]]}' WHERE slug = 'saint-paul';
UPDATE sector SET geojson = '{"type":"Polygon","coordinates":[[[3.8415,43.6092],[3.8478,43.6095],[3.8482,43.6058],[3.8420,43.6052],[3.8415,43.6092]]]}' WHERE slug = 'copropriete-des-cevennes';
UPDATE sector SET geojson = '{"type":"Polygon","coordinates":[[[3.8470,43.6062],[3.8512,43.6060],[3.8508,43.6038],[3.8465,43.6040],[3.8470,43.6062]]]}' WHERE slug = 'square-et-parc';

-- The owners (maîtres d'ouvrage) are looked up by name: NULL if absent.
INSERT INTO operation (project_id, sector_id, kind, title, summary, owner_org_id, phase, status, start_date, end_date, lat, lon, source, created_at, updated_at) VALUES
((SELECT id FROM project WHERE slug = 'mosson'), (SELECT id FROM sector WHERE slug = 'coeur-de-quartier'),
 'demolition', 'Démolition de la tour d''Assas',
 'Déconstruction de la tour d''Assas, immeuble de logements sociaux, d''après les documents publics du projet. Les locataires ont été relogés avant les travaux.',
 (SELECT id FROM organization WHERE name = 'ACM Habitat'), 'delivered', 'done', '2022', NULL, 43.6158, 3.8205,
 'D''après les documents publics du projet NPNRU Mosson ; dates approximatives.', strftime('%Y-%m-%dT%H:%M:%SZ','now'), strftime('%Y-%m-%dT%H:%M:%SZ','now')),
((SELECT id FROM project WHERE slug = 'mosson'), (SELECT id FROM sector WHERE slug = 'hauts-de-massane'),
 'demolition', 'Démolition des immeubles Saturne',
 'Démolition des bâtiments Saturne prévue au projet, après le relogement des habitants, d''après les documents publics du projet.',
 (SELECT id FROM organization WHERE name = 'ACM Habitat'), 'studies', 'planned', '2025', NULL, 43.6212, 3.8180,
 'D''après les documents publics du projet NPNRU Mosson ; calendrier indicatif.', strftime('%Y-%m-%dT%H:%M:%SZ','now'), strftime('%Y-%m-%dT%H:%M:%SZ','now')),
((SELECT id FROM project WHERE slug = 'mosson'), (SELECT id FROM sector WHERE slug = 'grand-mail'),
 'public_space', 'Réaménagement du parc du Rieutord',
 'Le parc du Rieutord, au cœur du quartier, est repensé : cheminements, jeux, plantations et liens avec les rues voisines, d''après les documents publics du projet.',
 (SELECT id FROM organization WHERE name = 'Ville de Montpellier'), 'works', 'in_progress', '2024', '2027', 43.6140, 3.8262,
 'D''après les documents publics du projet NPNRU Mosson ; dates approximatives.', strftime('%Y-%m-%dT%H:%M:%SZ','now'), strftime('%Y-%m-%dT%H:%M:%SZ','now')),
((SELECT id FROM project WHERE slug = 'mosson'), (SELECT id FROM sector WHERE slug = 'saint-paul'),
 'facility', 'Nouveaux groupes scolaires',
 'Reconstruction ou rénovation de groupes scolaires du quartier, d''après les documents publics du projet.',
 (SELECT id FROM organization WHERE name = 'Ville de Montpellier'), 'studies', 'in_progress', '2024', '2029', 43.6098, 3.8185,
 'D''après les documents publics du projet NPNRU Mosson ; calendrier indicatif.', strftime('%Y-%m-%dT%H:%M:%SZ','now'), strftime('%Y-%m-%dT%H:%M:%SZ','now')),
((SELECT id FROM project WHERE slug = 'mosson'), (SELECT id FROM sector WHERE slug = 'hauts-de-massane'),
 'rehabilitation', 'Réhabilitation de logements sociaux',
 'Travaux dans les logements sociaux conservés (isolation, parties communes), d''après les documents publics du projet.',
 (SELECT id FROM organization WHERE name = 'ACM Habitat'), 'works', 'in_progress', '2023', '2028', 43.6222, 3.8208,
 'D''après les documents publics du projet NPNRU Mosson ; dates approximatives.', strftime('%Y-%m-%dT%H:%M:%SZ','now'), strftime('%Y-%m-%dT%H:%M:%SZ','now')),
((SELECT id FROM project WHERE slug = 'mosson'), (SELECT id FROM sector WHERE slug = 'coeur-de-quartier'),
 'new_housing', 'Nouveaux logements diversifiés',
 'Construction de logements de types variés sur les emprises libérées, d''après les documents publics du projet.',
 (SELECT id FROM organization WHERE name LIKE 'SA3M%'), 'studies', 'planned', '2027', NULL, 43.6150, 3.8195,
 'D''après les documents publics du projet NPNRU Mosson ; calendrier indicatif.', strftime('%Y-%m-%dT%H:%M:%SZ','now'), strftime('%Y-%m-%dT%H:%M:%SZ','now')),
((SELECT id FROM project WHERE slug = 'mosson'), (SELECT id FROM sector WHERE slug = 'grand-mail'),
 'public_space', 'Requalification des rues et du Grand Mail',
 'Rues, places et cheminements repris pour les piétons et les cycles, d''après les documents publics du projet.',
 (SELECT id FROM organization WHERE name LIKE 'SA3M%'), 'studies', 'planned', '2026', '2030', 43.6145, 3.8280,
 'D''après les documents publics du projet NPNRU Mosson ; calendrier indicatif.', strftime('%Y-%m-%dT%H:%M:%SZ','now'), strftime('%Y-%m-%dT%H:%M:%SZ','now')),
((SELECT id FROM project WHERE slug = 'cevennes'), (SELECT id FROM sector WHERE slug = 'copropriete-des-cevennes'),
 'rehabilitation', 'Plan de sauvegarde de la copropriété des Cévennes',
 'Redressement de la grande copropriété des Cévennes (918 logements, 12 bâtiments) : gestion, finances, travaux, accompagnement des copropriétaires, d''après les documents publics du projet.',
 (SELECT id FROM organization WHERE name LIKE 'Montpellier Méditerranée Métropole%'), 'works', 'in_progress', '2021', NULL, 43.6073, 3.8448,
 'D''après les documents publics du projet NPNRU Cévennes ; date de début approximative.', strftime('%Y-%m-%dT%H:%M:%SZ','now'), strftime('%Y-%m-%dT%H:%M:%SZ','now')),
((SELECT id FROM project WHERE slug = 'cevennes'), (SELECT id FROM sector WHERE slug = 'copropriete-des-cevennes'),
 'rehabilitation', 'Travaux dans les bâtiments de la copropriété',
 'Travaux sur les parties communes et l''enveloppe des bâtiments, dans le cadre du plan de sauvegarde, d''après les documents publics du projet.',
 NULL, 'studies', 'planned', '2025', '2029', 43.6068, 3.8440,
 'D''après les documents publics du projet NPNRU Cévennes ; calendrier indicatif.', strftime('%Y-%m-%dT%H:%M:%SZ','now'), strftime('%Y-%m-%dT%H:%M:%SZ','now')),
((SELECT id FROM project WHERE slug = 'cevennes'), (SELECT id FROM sector WHERE slug = 'square-et-parc'),
 'public_space', 'Création d''un nouveau square',
 'Un square de proximité pour les habitants, d''après les documents publics du projet.',
 (SELECT id FROM organization WHERE name = 'Ville de Montpellier'), 'studies', 'planned', '2026', NULL, 43.6052, 3.8480,
 'D''après les documents publics du projet NPNRU Cévennes ; calendrier indicatif.', strftime('%Y-%m-%dT%H:%M:%SZ','now'), strftime('%Y-%m-%dT%H:%M:%SZ','now')),
((SELECT id FROM project WHERE slug = 'cevennes'), (SELECT id FROM sector WHERE slug = 'square-et-parc'),
 'public_space', 'Aménagement d''un parc',
 'Un parc et des cheminements requalifiés, d''après les documents publics du projet.',
 (SELECT id FROM organization WHERE name = 'Ville de Montpellier'), 'studies', 'planned', '2027', NULL, 43.6048, 3.8498,
 'D''après les documents publics du projet NPNRU Cévennes ; calendrier indicatif.', strftime('%Y-%m-%dT%H:%M:%SZ','now'), strftime('%Y-%m-%dT%H:%M:%SZ','now'));
