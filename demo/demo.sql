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
