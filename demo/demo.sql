-- Demo data: the Métropole, its two NPNRU projects, real public bodies.
-- People and accounts are invented; accounts are created by `quartier demo`
-- itself (their passwords must be hashed). Loaded into an empty database only.

INSERT INTO authority (id, name, short_name, website, intro) VALUES
(1, 'Montpellier Méditerranée Métropole', 'la Métropole', 'https://www.montpellier3m.fr',
 'La Métropole conduit, avec la Ville de Montpellier, l''Agence nationale pour la rénovation urbaine (ANRU) et leurs partenaires, deux projets du Nouveau programme national de renouvellement urbain (NPNRU) : la Mosson et les Cévennes. Ce site vous informe sur les projets, leurs chantiers et les temps de concertation, et recueille vos avis.');

INSERT INTO project (id, authority_id, slug, name, territory, summary, description, position, created_at, updated_at) VALUES
(1, 1, 'mosson', 'Mosson', 'QPV Mosson (Montpellier, quartier ouest)',
 'Projet d''intérêt national : démolitions, réhabilitations, nouveaux logements, nouveaux équipements scolaires et espaces publics repensés autour du parc du Rieutord, dans les secteurs des Hauts de Massane, du Cœur de quartier, du Grand Mail et de Saint-Paul.',
 'La Mosson, au nord-ouest de Montpellier, est l''un des quartiers retenus au titre des projets d''intérêt national du NPNRU. Le projet transforme le quartier sur une dizaine d''années : démolition d''immeubles, réhabilitation de logements sociaux, construction de logements diversifiés, reconstruction de groupes scolaires, requalification des rues, des places et du parc du Rieutord.

Le projet est conduit par la Métropole et la Ville ; l''aménagement est confié à la SA3M ; les bailleurs sociaux, dont ACM Habitat, portent les opérations sur leur patrimoine.',
 1, strftime('%Y-%m-%dT%H:%M:%SZ','now'), strftime('%Y-%m-%dT%H:%M:%SZ','now')),
(2, 1, 'cevennes', 'Cévennes', 'QPV Cévennes (Montpellier, quartier ouest)',
 'Projet d''intérêt régional centré sur le redressement de la copropriété des Cévennes (918 logements dans 12 bâtiments), avec un nouveau square, un parc et des espaces publics requalifiés.',
 'Le quartier des Cévennes, à l''ouest de Montpellier, est marqué par une grande copropriété en difficulté : 918 logements répartis dans 12 bâtiments. Le projet de renouvellement urbain associe un plan de sauvegarde de la copropriété, des travaux dans les bâtiments, la création d''un square et d''un parc, et la requalification des rues et cheminements.',
 2, strftime('%Y-%m-%dT%H:%M:%SZ','now'), strftime('%Y-%m-%dT%H:%M:%SZ','now'));

INSERT INTO sector (project_id, slug, name, summary, position) VALUES
(1, 'hauts-de-massane', 'Hauts de Massane', 'Secteur nord du quartier, le long de l''avenue de Heidelberg.', 1),
(1, 'coeur-de-quartier', 'Cœur de quartier', 'Autour de la place du Marché et des commerces.', 2),
(1, 'grand-mail', 'Grand Mail', 'Le long du Grand Mail, axe piéton du quartier.', 3),
(1, 'saint-paul', 'Saint-Paul', 'Secteur sud, autour de l''église Saint-Paul.', 4),
(2, 'copropriete-des-cevennes', 'Copropriété des Cévennes', '918 logements dans 12 bâtiments.', 1),
(2, 'square-et-parc', 'Square et parc', 'Les nouveaux espaces publics du quartier.', 2);

INSERT INTO organization (kind, name, website, created_at, updated_at) VALUES
('institution', 'Agence nationale pour la rénovation urbaine (ANRU)', 'https://www.anru.fr', strftime('%Y-%m-%dT%H:%M:%SZ','now'), strftime('%Y-%m-%dT%H:%M:%SZ','now')),
('developer', 'SA3M (Société d''aménagement de Montpellier Méditerranée Métropole)', 'https://www.sa3m.fr', strftime('%Y-%m-%dT%H:%M:%SZ','now'), strftime('%Y-%m-%dT%H:%M:%SZ','now')),
('landlord', 'ACM Habitat', 'https://www.acmhabitat.fr', strftime('%Y-%m-%dT%H:%M:%SZ','now'), strftime('%Y-%m-%dT%H:%M:%SZ','now')),
('city_service', 'Ville de Montpellier', 'https://www.montpellier.fr', strftime('%Y-%m-%dT%H:%M:%SZ','now'), strftime('%Y-%m-%dT%H:%M:%SZ','now')),
('city_service', 'Montpellier Méditerranée Métropole — Direction de la politique de la ville', 'https://www.montpellier3m.fr', strftime('%Y-%m-%dT%H:%M:%SZ','now'), strftime('%Y-%m-%dT%H:%M:%SZ','now')),
('institution', 'Préfecture de l''Hérault', 'https://www.herault.gouv.fr', strftime('%Y-%m-%dT%H:%M:%SZ','now'), strftime('%Y-%m-%dT%H:%M:%SZ','now')),
('citizen_body', 'Conseil citoyen de la Mosson', NULL, strftime('%Y-%m-%dT%H:%M:%SZ','now'), strftime('%Y-%m-%dT%H:%M:%SZ','now')),
('citizen_body', 'Conseil citoyen des Cévennes', NULL, strftime('%Y-%m-%dT%H:%M:%SZ','now'), strftime('%Y-%m-%dT%H:%M:%SZ','now'));

-- The partner directory (issue 4): details of the bodies above, and more
-- partners of every kind. Public bodies are real; associations, schools,
-- companies marked « fictif » and every person are invented. Contacts are
-- added by `quartier demo` itself (src/modules/directory_demo.c).
UPDATE organization SET address = '69 bis rue de Vaugirard', postal_code = '75006', city = 'Paris', notes = 'Financeur national du NPNRU ; signataire de la convention pluriannuelle.' WHERE name = 'Agence nationale pour la rénovation urbaine (ANRU)';
UPDATE organization SET postal_code = '34000', city = 'Montpellier', notes = 'Aménageur des projets de renouvellement urbain de la Métropole.' WHERE name LIKE 'SA3M%';
UPDATE organization SET postal_code = '34000', city = 'Montpellier', notes = 'Office public de l''habitat de la Métropole ; patrimoine important à la Mosson.' WHERE name = 'ACM Habitat';
UPDATE organization SET postal_code = '34000', city = 'Montpellier' WHERE name = 'Ville de Montpellier';
UPDATE organization SET postal_code = '34000', city = 'Montpellier', notes = 'Pilote des contrats de ville et des projets NPNRU.' WHERE name LIKE 'Montpellier Méditerranée Métropole%';
UPDATE organization SET address = '34 place des Martyrs de la Résistance', postal_code = '34000', city = 'Montpellier', notes = 'Délégué territorial de l''ANRU : le préfet.' WHERE name = 'Préfecture de l''Hérault';
UPDATE organization SET postal_code = '34080', city = 'Montpellier', notes = 'Conseil citoyen du quartier prioritaire de la Mosson (loi de 2014).' WHERE name = 'Conseil citoyen de la Mosson';
UPDATE organization SET postal_code = '34080', city = 'Montpellier', notes = 'Conseil citoyen du quartier prioritaire des Cévennes.' WHERE name = 'Conseil citoyen des Cévennes';

INSERT INTO organization (kind, name, website, address, postal_code, city, email, phone, notes, created_at, updated_at) VALUES
('institution', 'Région Occitanie / Pyrénées-Méditerranée', 'https://www.laregion.fr', '201 avenue de la Pompignane', '34064', 'Montpellier', NULL, NULL, 'Cofinance les équipements et l''emploi dans les quartiers.', strftime('%Y-%m-%dT%H:%M:%SZ','now'), strftime('%Y-%m-%dT%H:%M:%SZ','now')),
('institution', 'Département de l''Hérault', 'https://herault.fr', '1000 rue d''Alco', '34087', 'Montpellier', NULL, NULL, 'Action sociale, collèges, insertion.', strftime('%Y-%m-%dT%H:%M:%SZ','now'), strftime('%Y-%m-%dT%H:%M:%SZ','now')),
('institution', 'CAF de l''Hérault', 'https://www.caf.fr', '139 avenue de Lodève', '34000', 'Montpellier', NULL, NULL, 'Allocations familiales ; soutien aux centres sociaux et aux projets jeunesse.', strftime('%Y-%m-%dT%H:%M:%SZ','now'), strftime('%Y-%m-%dT%H:%M:%SZ','now')),
('institution', 'Banque des Territoires (Caisse des Dépôts)', 'https://www.banquedesterritoires.fr', '', '34000', 'Montpellier', NULL, NULL, 'Prêts aux bailleurs et ingénierie.', strftime('%Y-%m-%dT%H:%M:%SZ','now'), strftime('%Y-%m-%dT%H:%M:%SZ','now')),
('institution', 'Agence nationale de l''habitat (Anah)', 'https://www.anah.gouv.fr', '', '34000', 'Montpellier', NULL, NULL, 'Finance le plan de sauvegarde de la copropriété des Cévennes.', strftime('%Y-%m-%dT%H:%M:%SZ','now'), strftime('%Y-%m-%dT%H:%M:%SZ','now')),
('institution', 'Direction départementale des territoires et de la mer de l''Hérault', NULL, '', '34000', 'Montpellier', NULL, NULL, 'Services de l''État : logement, urbanisme.', strftime('%Y-%m-%dT%H:%M:%SZ','now'), strftime('%Y-%m-%dT%H:%M:%SZ','now')),
('landlord', 'FDI Habitat', NULL, '', '34000', 'Montpellier', NULL, NULL, 'Bailleur social ; quelques résidences à l''ouest de Montpellier.', strftime('%Y-%m-%dT%H:%M:%SZ','now'), strftime('%Y-%m-%dT%H:%M:%SZ','now')),
('landlord', 'Hérault Logement', NULL, '', '34000', 'Montpellier', NULL, NULL, 'Office public de l''habitat du Département.', strftime('%Y-%m-%dT%H:%M:%SZ','now'), strftime('%Y-%m-%dT%H:%M:%SZ','now')),
('landlord', 'Erilia', 'https://www.erilia.fr', '', '34000', 'Montpellier', NULL, NULL, 'Bailleur social du groupe Habitat en Région.', strftime('%Y-%m-%dT%H:%M:%SZ','now'), strftime('%Y-%m-%dT%H:%M:%SZ','now')),
('landlord', 'CDC Habitat', 'https://www.cdc-habitat.fr', '', '34000', 'Montpellier', NULL, NULL, 'Bailleur social et intermédiaire.', strftime('%Y-%m-%dT%H:%M:%SZ','now'), strftime('%Y-%m-%dT%H:%M:%SZ','now')),
('city_service', 'Ville de Montpellier — Direction de la propreté urbaine', NULL, '', '34000', 'Montpellier', 'proprete@exemple.fr', '04 99 00 10 20', 'Interlocuteur GUSP pour les dépôts sauvages et le nettoiement.', strftime('%Y-%m-%dT%H:%M:%SZ','now'), strftime('%Y-%m-%dT%H:%M:%SZ','now')),
('city_service', 'Ville de Montpellier — Direction de l''éducation', NULL, '', '34000', 'Montpellier', NULL, NULL, 'Groupes scolaires neufs de la Mosson.', strftime('%Y-%m-%dT%H:%M:%SZ','now'), strftime('%Y-%m-%dT%H:%M:%SZ','now')),
('city_service', 'Maison pour tous Léo Lagrange', NULL, '155 rue de Bologne', '34080', 'Montpellier', NULL, NULL, 'Équipement de quartier de la Ville à la Mosson ; accueille des ateliers de concertation.', strftime('%Y-%m-%dT%H:%M:%SZ','now'), strftime('%Y-%m-%dT%H:%M:%SZ','now')),
('city_service', 'Police municipale de Montpellier', NULL, '', '34000', 'Montpellier', NULL, NULL, 'Tranquillité publique ; participe aux diagnostics en marchant.', strftime('%Y-%m-%dT%H:%M:%SZ','now'), strftime('%Y-%m-%dT%H:%M:%SZ','now')),
('city_service', 'Médiathèque William Shakespeare', NULL, '150 avenue de Heidelberg', '34080', 'Montpellier', NULL, NULL, 'Médiathèque du réseau de la Métropole, aux Hauts de Massane.', strftime('%Y-%m-%dT%H:%M:%SZ','now'), strftime('%Y-%m-%dT%H:%M:%SZ','now')),
('city_service', 'Direction des mobilités de la Métropole', NULL, '', '34000', 'Montpellier', NULL, NULL, 'Tramway ligne 1, voirie, stationnement pendant les chantiers.', strftime('%Y-%m-%dT%H:%M:%SZ','now'), strftime('%Y-%m-%dT%H:%M:%SZ','now')),
('developer', 'Hélios Promotion (fictif)', NULL, '', '34000', 'Montpellier', NULL, NULL, 'Promoteur des logements en accession du Grand Mail (données inventées).', strftime('%Y-%m-%dT%H:%M:%SZ','now'), strftime('%Y-%m-%dT%H:%M:%SZ','now')),
('education', 'Groupe scolaire Les Platanes (fictif)', NULL, '12 rue des Écoles-Neuves', '34080', 'Montpellier', 'ce.platanes@exemple.fr', NULL, 'École maternelle et élémentaire reconstruite (données inventées).', strftime('%Y-%m-%dT%H:%M:%SZ','now'), strftime('%Y-%m-%dT%H:%M:%SZ','now')),
('education', 'École élémentaire du Rieutord (fictive)', NULL, '', '34080', 'Montpellier', NULL, NULL, 'Données inventées.', strftime('%Y-%m-%dT%H:%M:%SZ','now'), strftime('%Y-%m-%dT%H:%M:%SZ','now')),
('education', 'Collège des Garrigues-Ouest (fictif)', NULL, '', '34080', 'Montpellier', NULL, NULL, 'Données inventées.', strftime('%Y-%m-%dT%H:%M:%SZ','now'), strftime('%Y-%m-%dT%H:%M:%SZ','now')),
('association', 'Fédération des parents d''élèves de la Mosson', NULL, '', '34080', 'Montpellier', 'parents.mosson@exemple.fr', NULL, 'Parents d''élèves des écoles du quartier ; suit les groupes scolaires neufs (association inventée).', strftime('%Y-%m-%dT%H:%M:%SZ','now'), strftime('%Y-%m-%dT%H:%M:%SZ','now')),
('association', 'Jardins partagés du Rieutord', NULL, '', '34080', 'Montpellier', NULL, NULL, 'Association inventée : jardins au bord du parc.', strftime('%Y-%m-%dT%H:%M:%SZ','now'), strftime('%Y-%m-%dT%H:%M:%SZ','now')),
('association', 'Régie de quartier Ouest Services', NULL, '', '34080', 'Montpellier', NULL, '04 67 00 00 41', 'Insertion par l''activité économique, petits travaux et nettoyage (association inventée).', strftime('%Y-%m-%dT%H:%M:%SZ','now'), strftime('%Y-%m-%dT%H:%M:%SZ','now')),
('association', 'Cévennes Solidarité', NULL, '', '34080', 'Montpellier', NULL, NULL, 'Aide aux devoirs et accès aux droits (association inventée).', strftime('%Y-%m-%dT%H:%M:%SZ','now'), strftime('%Y-%m-%dT%H:%M:%SZ','now')),
('association', 'Épicerie solidaire du Grand Mail', NULL, '', '34080', 'Montpellier', NULL, NULL, 'Association inventée.', strftime('%Y-%m-%dT%H:%M:%SZ','now'), strftime('%Y-%m-%dT%H:%M:%SZ','now')),
('association', 'Compagnie La Place Publique', NULL, '', '34080', 'Montpellier', NULL, NULL, 'Théâtre de rue ; anime des balades urbaines (association inventée).', strftime('%Y-%m-%dT%H:%M:%SZ','now'), strftime('%Y-%m-%dT%H:%M:%SZ','now')),
('residents_group', 'Association des habitants des Hauts de Massane', NULL, '', '34080', 'Montpellier', 'habitants.massane@exemple.fr', NULL, 'Collectif d''habitants du secteur des Hauts de Massane (inventé).', strftime('%Y-%m-%dT%H:%M:%SZ','now'), strftime('%Y-%m-%dT%H:%M:%SZ','now')),
('residents_group', 'Amicale des locataires du Grand Mail', NULL, '', '34080', 'Montpellier', NULL, NULL, 'Inventée.', strftime('%Y-%m-%dT%H:%M:%SZ','now'), strftime('%Y-%m-%dT%H:%M:%SZ','now')),
('residents_group', 'Collectif des habitants de Saint-Paul', NULL, '', '34080', 'Montpellier', NULL, NULL, 'Inventé.', strftime('%Y-%m-%dT%H:%M:%SZ','now'), strftime('%Y-%m-%dT%H:%M:%SZ','now')),
('citizen_body', 'Conseil de quartier Mosson', NULL, '', '34080', 'Montpellier', NULL, NULL, 'Conseil de quartier mis en place par la Ville.', strftime('%Y-%m-%dT%H:%M:%SZ','now'), strftime('%Y-%m-%dT%H:%M:%SZ','now')),
('citizen_body', 'Conseil de quartier Cévennes', NULL, '', '34080', 'Montpellier', NULL, NULL, 'Conseil de quartier mis en place par la Ville.', strftime('%Y-%m-%dT%H:%M:%SZ','now'), strftime('%Y-%m-%dT%H:%M:%SZ','now')),
('contractor', 'Bâti-Sud Démolition (fictif)', NULL, '', '34970', 'Lattes', NULL, NULL, 'Entreprise inventée : chantiers de démolition.', strftime('%Y-%m-%dT%H:%M:%SZ','now'), strftime('%Y-%m-%dT%H:%M:%SZ','now')),
('contractor', 'Atelier Garrigue Urbanisme (fictif)', NULL, '', '34000', 'Montpellier', NULL, NULL, 'Bureau d''études inventé : concertation et urbanisme.', strftime('%Y-%m-%dT%H:%M:%SZ','now'), strftime('%Y-%m-%dT%H:%M:%SZ','now')),
('other', 'Syndic de la copropriété des Cévennes (fictif)', NULL, '', '34080', 'Montpellier', NULL, NULL, 'Administrateur de la copropriété (inventé).', strftime('%Y-%m-%dT%H:%M:%SZ','now'), strftime('%Y-%m-%dT%H:%M:%SZ','now'));

INSERT INTO tag (name) VALUES ('GUSP'), ('concertation'), ('financeur'), ('logement'), ('éducation'), ('jeunesse'),
('propreté'), ('culture'), ('emploi'), ('tranquillité'), ('copropriété'), ('Maison du Projet');

-- Projects and tags of the partners, by name patterns.
INSERT INTO organization_project (organization_id, project_id)
SELECT o.id, p.id FROM organization o, project p
WHERE o.kind IN ('institution', 'developer', 'city_service', 'contractor') OR o.name = 'ACM Habitat'
   OR (p.slug = 'mosson' AND (o.name LIKE '%Mosson%' OR o.name LIKE '%Massane%' OR o.name LIKE '%Grand Mail%' OR o.name LIKE '%Rieutord%' OR o.name LIKE '%Saint-Paul%' OR o.name LIKE '%Platanes%' OR o.name LIKE '%Garrigues%' OR o.name LIKE '%Lagrange%' OR o.name LIKE '%Shakespeare%' OR o.kind = 'landlord'))
   OR (p.slug = 'cevennes' AND (o.name LIKE '%Cévennes%' OR o.kind = 'landlord'));

INSERT INTO organization_tag (organization_id, tag_id)
SELECT o.id, t.id FROM organization o, tag t WHERE
   (t.name = 'financeur' AND (o.kind = 'institution' OR o.name LIKE 'Banque%'))
OR (t.name = 'logement' AND o.kind IN ('landlord', 'developer'))
OR (t.name = 'GUSP' AND (o.kind IN ('landlord', 'city_service') OR o.name LIKE 'Régie%'))
OR (t.name = 'concertation' AND o.kind IN ('citizen_body', 'residents_group') OR (t.name = 'concertation' AND o.name LIKE 'Atelier%'))
OR (t.name = 'éducation' AND (o.kind = 'education' OR o.name LIKE '%parents d''élèves%' OR o.name LIKE '%éducation%'))
OR (t.name = 'jeunesse' AND (o.name LIKE '%Lagrange%' OR o.name LIKE 'CAF%' OR o.name LIKE 'Cévennes Solidarité'))
OR (t.name = 'propreté' AND (o.name LIKE '%propreté%' OR o.name LIKE 'Régie%'))
OR (t.name = 'culture' AND (o.name LIKE 'Médiathèque%' OR o.name LIKE 'Compagnie%'))
OR (t.name = 'emploi' AND (o.name LIKE 'Régie%' OR o.name LIKE 'Région%' OR o.name LIKE 'Épicerie%'))
OR (t.name = 'tranquillité' AND o.name LIKE 'Police%')
OR (t.name = 'copropriété' AND (o.name LIKE 'Syndic%' OR o.name LIKE '%Anah%'));
