-- Demo data for bodies (instances): the tripartite Comité de suivi de la
-- participation citoyenne of the Mosson (public, 13 members across the three
-- colleges, full and substitutes), the GUSP technical committee of the Mosson
-- (not public), and the steering committee that holds the private session of
-- meetings.sql. Two past sessions of the Comité de suivi with attendance and
-- decisions followed from one to the next, one upcoming; a past session of
-- the GUSP committee. The demo member account (member@demo.test, Karim
-- Haddad) sits in both committees. Times are relative to the day the demo is
-- loaded, stored in UTC. Loaded by `quartier demo` after meetings.sql.

-- People who are not yet in the partner directory: elected officials and the
-- member of the citizens' council who has an account.
INSERT INTO contact (first_name, last_name, function, email, phone, created_at, updated_at) VALUES
 ('Claire', 'Montel', 'adjointe au maire déléguée à la politique de la ville', 'claire.montel@exemple.fr', '06 39 98 90 01', strftime('%Y-%m-%dT%H:%M:%SZ','now'), strftime('%Y-%m-%dT%H:%M:%SZ','now')),
 ('Henri', 'Baptiste', 'conseiller métropolitain délégué au renouvellement urbain', 'henri.baptiste@exemple.fr', NULL, strftime('%Y-%m-%dT%H:%M:%SZ','now'), strftime('%Y-%m-%dT%H:%M:%SZ','now')),
 ('Samia', 'Oukili', 'conseillère municipale, quartier Mosson', 'samia.oukili@exemple.fr', NULL, strftime('%Y-%m-%dT%H:%M:%SZ','now'), strftime('%Y-%m-%dT%H:%M:%SZ','now')),
 ('Lucien', 'Favre', 'conseiller municipal', NULL, NULL, strftime('%Y-%m-%dT%H:%M:%SZ','now'), strftime('%Y-%m-%dT%H:%M:%SZ','now')),
 ('Karim', 'Haddad', 'membre du Conseil citoyen de la Mosson', 'karim.haddad@exemple.fr', NULL, strftime('%Y-%m-%dT%H:%M:%SZ','now'), strftime('%Y-%m-%dT%H:%M:%SZ','now'));
INSERT INTO membership (contact_id, organization_id, position)
SELECT c.id, o.id, 'membre' FROM contact c, organization o
WHERE c.email = 'karim.haddad@exemple.fr' AND o.name = 'Conseil citoyen de la Mosson';

INSERT INTO body (project_id, kind, slug, name, description, is_public, quorum_percent, quorum_all_colleges, active, created_at, updated_at)
WITH b(kind, slug, name, description, public, quorum, all_colleges) AS (VALUES
 ('participation_committee', 'comite-de-suivi-mosson', 'Comité de suivi de la participation citoyenne — Mosson',
  'Instance **tripartite** (élus, techniciens, société civile) qui organise la concertation du projet de renouvellement urbain de la Mosson et entend les préoccupations des habitants.

Elle se réunit trois fois par an ; ses séances sont publiques.', 1, 50, 1),
 ('gusp_technical', 'comite-technique-gusp-mosson', 'Comité technique GUSP — Mosson',
  'Réunion de travail des gestionnaires (bailleurs, services de la Ville et de la Métropole, conseil citoyen) sur la propreté, la tranquillité et les nuisances des chantiers.', 0, NULL, 0),
 ('other', 'comite-de-pilotage-mosson', 'Comité de pilotage du projet Mosson',
  'Instance de décision des partenaires signataires de la convention.', 0, NULL, 0)
)
SELECT p.id, b.kind, b.slug, b.name, b.description, b.public, b.quorum, b.all_colleges, 1,
       strftime('%Y-%m-%dT%H:%M:%SZ','now'), strftime('%Y-%m-%dT%H:%M:%SZ','now')
FROM b, project p WHERE p.slug = 'mosson';

-- Members: `who` is nom:LAST_NAME (the contacts above), 'habitant' (a resident of
-- the directory) or an organisation's name (its k-th contact).
INSERT INTO body_member (body_id, contact_id, college, seat, position, mandate_start, mandate_end, account_id, created_at, updated_at)
WITH m(slug, who, k, college, seat, position, start, finish) AS (VALUES
 ('comite-de-suivi-mosson', 'nom:Montel', 0, 'elected', 'full', 'adjointe au maire, présidente du comité', '-400 days', NULL),
 ('comite-de-suivi-mosson', 'nom:Baptiste', 0, 'elected', 'full', 'conseiller métropolitain', '-400 days', NULL),
 ('comite-de-suivi-mosson', 'nom:Oukili', 0, 'elected', 'full', 'conseillère municipale', '-400 days', NULL),
 ('comite-de-suivi-mosson', 'nom:Favre', 0, 'elected', 'substitute', 'conseiller municipal', '-400 days', '-60 days'),
 ('comite-de-suivi-mosson', 'Montpellier Méditerranée Métropole — Direction de la politique de la ville', 0, 'technical', 'full', 'cheffe de projet renouvellement urbain', '-400 days', NULL),
 ('comite-de-suivi-mosson', 'ACM Habitat', 0, 'technical', 'full', 'responsable d''agence Mosson', '-400 days', NULL),
 ('comite-de-suivi-mosson', 'SA3M (Société d''aménagement de Montpellier Méditerranée Métropole)', 0, 'technical', 'full', 'chargée d''opérations', '-400 days', NULL),
 ('comite-de-suivi-mosson', 'Ville de Montpellier', 0, 'technical', 'substitute', 'agent de développement local', '-400 days', NULL),
 ('comite-de-suivi-mosson', 'Conseil citoyen de la Mosson', 0, 'civil_society', 'full', 'co-animatrice du conseil citoyen', '-400 days', NULL),
 ('comite-de-suivi-mosson', 'nom:Haddad', 0, 'civil_society', 'full', 'membre du conseil citoyen', '-400 days', NULL),
 ('comite-de-suivi-mosson', 'habitant', 1, 'civil_society', 'full', 'habitante des Hauts de Massane', '-400 days', NULL),
 ('comite-de-suivi-mosson', 'Conseil citoyen de la Mosson', 1, 'civil_society', 'substitute', 'membre du conseil citoyen', '-400 days', NULL),
 ('comite-de-suivi-mosson', 'habitant', 3, 'civil_society', 'substitute', 'habitant du Grand Mail', '-400 days', NULL),
 ('comite-technique-gusp-mosson', 'Montpellier Méditerranée Métropole — Direction de la politique de la ville', 1, 'technical', 'full', 'chargé de mission GUSP', '-400 days', NULL),
 ('comite-technique-gusp-mosson', 'ACM Habitat', 1, 'technical', 'full', 'chargée de gestion locative', '-400 days', NULL),
 ('comite-technique-gusp-mosson', 'Ville de Montpellier — Direction de la propreté urbaine', 0, 'technical', 'full', 'responsable de secteur', '-400 days', NULL),
 ('comite-technique-gusp-mosson', 'nom:Haddad', 0, 'civil_society', 'full', 'représentant du conseil citoyen', '-400 days', NULL),
 ('comite-de-pilotage-mosson', 'nom:Montel', 0, 'elected', 'full', 'adjointe au maire', '-400 days', NULL),
 ('comite-de-pilotage-mosson', 'Agence nationale pour la rénovation urbaine (ANRU)', 0, 'technical', 'full', 'chargé de mission territorial', '-400 days', NULL),
 ('comite-de-pilotage-mosson', 'Préfecture de l''Hérault', 0, 'technical', 'full', 'déléguée du préfet', '-400 days', NULL)
)
SELECT b.id,
       CASE WHEN m.who LIKE 'nom:%' THEN (SELECT id FROM contact WHERE last_name = substr(m.who, 5) ORDER BY id DESC LIMIT 1)
            WHEN m.who = 'habitant' THEN (SELECT id FROM (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n
                  FROM contact WHERE is_resident = 1) WHERE n = m.k)
            ELSE (SELECT contact_id FROM (SELECT ms.contact_id, row_number() OVER (ORDER BY ms.contact_id) - 1 AS n
                  FROM membership ms JOIN organization o ON o.id = ms.organization_id WHERE o.name = m.who) WHERE n = m.k) END,
       m.college, m.seat, m.position, strftime('%Y-%m-%d', 'now', m.start),
       CASE WHEN m.finish IS NOT NULL THEN strftime('%Y-%m-%d', 'now', m.finish) END,
       CASE WHEN m.who = 'nom:Haddad' THEN (SELECT id FROM account WHERE email = 'member@demo.test') END,
       strftime('%Y-%m-%dT%H:%M:%SZ','now'), strftime('%Y-%m-%dT%H:%M:%SZ','now')
FROM m JOIN body b ON b.slug = m.slug;

-- The private session of meetings.sql belongs to the steering committee.
UPDATE meeting SET body_id = (SELECT id FROM body WHERE slug = 'comite-de-pilotage-mosson')
WHERE title = 'Comité de pilotage du projet Mosson' AND kind = 'committee_session';

-- Sessions: two past and one upcoming for the Comité de suivi, one past for the GUSP committee.
INSERT INTO meeting (project_id, kind, title, place, starts_at, ends_at, is_public, status, description, body_id, convened_at, created_at, updated_at)
WITH s(slug, title, place, day, start, public, status, description, convened) AS (VALUES
 ('comite-de-suivi-mosson', 'Comité de suivi de la participation — séance de printemps', 'Maison du projet, place du Marché, Montpellier', '-90 days', '16:00:00', 1, 'held', 'Bilan des ateliers du Grand Mail et programme de concertation de l''année.', 1),
 ('comite-de-suivi-mosson', 'Comité de suivi de la participation — séance d''automne', 'Maison pour tous Léo Lagrange, Montpellier', '-30 days', '16:00:00', 1, 'held', 'Suite donnée aux décisions de printemps ; relogement et chantier des Hauts de Massane.', 1),
 ('comite-de-suivi-mosson', 'Comité de suivi de la participation — séance d''hiver', 'Maison du projet, place du Marché, Montpellier', '+24 days', '16:30:00', 1, 'scheduled', 'Préparation du bilan de la concertation.', 0),
 ('comite-technique-gusp-mosson', 'Comité technique GUSP — point chantiers', 'Antenne ACM Habitat, Mosson', '-45 days', '08:30:00', 0, 'held', 'Nuisances des chantiers et propreté des pieds d''immeubles.', 1)
)
SELECT p.id, 'committee_session', s.title, s.place,
       strftime('%Y-%m-%dT', 'now', s.day) || s.start || 'Z',
       strftime('%Y-%m-%dT%H:%M:%SZ', strftime('%Y-%m-%d ', 'now', s.day) || s.start, '+2 hours'),
       s.public, s.status, s.description, b.id,
       CASE WHEN s.convened THEN strftime('%Y-%m-%dT09:00:00Z', 'now', s.day, '-15 days') END,
       strftime('%Y-%m-%dT%H:%M:%SZ','now'), strftime('%Y-%m-%dT%H:%M:%SZ','now')
FROM s
JOIN body b ON b.slug = s.slug, project p WHERE p.slug = 'mosson';

INSERT INTO agenda_item (meeting_id, position, title, duration_minutes)
WITH a(meeting, pos, title, minutes) AS (VALUES
 ('Comité de suivi de la participation — séance de printemps', 1, 'Bilan des ateliers du Grand Mail', 30),
 ('Comité de suivi de la participation — séance de printemps', 2, 'Programme de concertation de l''année', 45),
 ('Comité de suivi de la participation — séance d''automne', 1, 'Suite donnée aux décisions de la séance de printemps', 30),
 ('Comité de suivi de la participation — séance d''automne', 2, 'Le relogement des Hauts de Massane', 45),
 ('Comité de suivi de la participation — séance d''hiver', 1, 'Suite donnée aux décisions', 30),
 ('Comité de suivi de la participation — séance d''hiver', 2, 'Préparer le bilan de la concertation', 60),
 ('Comité technique GUSP — point chantiers', 1, 'Nuisances des chantiers', 40)
)
SELECT m.id, a.pos, a.title, a.minutes FROM meeting m JOIN a ON a.meeting = m.title;

-- Attendance: spring, 6 of 9 full members (quorum met); autumn, 3 full and
-- one substitute standing in, the elected college absent (not met).
INSERT INTO attendance (meeting_id, body_member_id, name, status, recorded_at)
SELECT m.id, bm.id, trim(c.first_name || ' ' || c.last_name),
       CASE WHEN m.title LIKE '%printemps%' THEN
              CASE WHEN bm.seat = 'substitute' THEN 'excused'
                   WHEN bm.position IN ('conseillère municipale', 'habitante des Hauts de Massane') THEN 'excused'
                   WHEN bm.position = 'chargée d''opérations' THEN 'absent'
                   ELSE 'present' END
            ELSE
              CASE WHEN bm.college = 'elected' THEN 'excused'
                   WHEN bm.position IN ('responsable d''agence Mosson', 'co-animatrice du conseil citoyen',
                                        'membre du conseil citoyen', 'habitant du Grand Mail') THEN 'present'
                   ELSE 'absent' END END,
       m.ends_at
FROM meeting m JOIN body_member bm ON bm.body_id = m.body_id JOIN contact c ON c.id = bm.contact_id
WHERE m.title IN ('Comité de suivi de la participation — séance de printemps', 'Comité de suivi de la participation — séance d''automne')
  AND (bm.mandate_end IS NULL OR bm.mandate_end >= substr(m.starts_at, 1, 10));
INSERT INTO attendance (meeting_id, body_member_id, name, status, recorded_at)
SELECT m.id, bm.id, trim(c.first_name || ' ' || c.last_name), 'present', m.ends_at
FROM meeting m JOIN body_member bm ON bm.body_id = m.body_id JOIN contact c ON c.id = bm.contact_id
WHERE m.title = 'Comité technique GUSP — point chantiers';

-- Decisions of spring, followed up in autumn; decisions of autumn still open.
INSERT INTO decision (meeting_id, body_id, position, text, owner_organization_id, owner_name, due_on, status, closed_at, created_at, updated_at)
WITH d(meeting, pos, text, org, owner, due, status) AS (VALUES
 ('Comité de suivi de la participation — séance de printemps', 1, 'Organiser un atelier avec les familles sur les jeux du parc du Rieutord.', 'SA3M (Société d''aménagement de Montpellier Méditerranée Métropole)', 'chargée d''opérations', '-40 days', 'done'),
 ('Comité de suivi de la participation — séance de printemps', 2, 'Publier le calendrier des travaux du Grand Mail dans la Lettre du Projet.', 'Montpellier Méditerranée Métropole — Direction de la politique de la ville', 'service communication', '-20 days', 'in_progress'),
 ('Comité de suivi de la participation — séance de printemps', 3, 'Étudier une permanence du bailleur le samedi matin à la Maison du projet.', 'ACM Habitat', '', '+30 days', 'open'),
 ('Comité de suivi de la participation — séance d''automne', 1, 'Présenter la charte de relogement aux locataires des Hauts de Massane, bâtiment par bâtiment.', 'ACM Habitat', 'responsable d''agence', '-5 days', 'open'),
 ('Comité de suivi de la participation — séance d''automne', 2, 'Associer le conseil citoyen à la rédaction du bilan de la concertation.', NULL, 'chef de projet et conseil citoyen', '+45 days', 'open'),
 ('Comité technique GUSP — point chantiers', 1, 'Nettoyer chaque semaine les abords du chantier de l''avenue de Heidelberg.', 'Ville de Montpellier — Direction de la propreté urbaine', '', '+10 days', 'in_progress')
)
SELECT m.id, m.body_id, d.pos, d.text, o.id, d.owner, strftime('%Y-%m-%d', 'now', d.due), d.status,
       CASE WHEN d.status IN ('done', 'dropped') THEN strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-30 days') END,
       m.ends_at, m.ends_at
FROM d JOIN meeting m ON m.title = d.meeting LEFT JOIN organization o ON o.name = d.org;

INSERT INTO decision_followup (decision_id, meeting_id, status, note, created_by, created_at)
WITH f(pos, status, note) AS (VALUES
 (1, 'done', 'Atelier tenu avec 24 familles ; les jeux retenus sont présentés sur la page du projet.'),
 (2, 'in_progress', 'Calendrier publié sur le site ; l''article de la Lettre du Projet paraît le mois prochain.'),
 (3, 'open', 'Le bailleur étudie ses effectifs du samedi ; réponse à la prochaine séance.')
)
SELECT d.id, s.id, f.status, f.note, (SELECT id FROM account WHERE email = 'staff@demo.test'), s.ends_at
FROM f JOIN decision d ON d.position = f.pos
JOIN meeting p ON p.id = d.meeting_id AND p.title = 'Comité de suivi de la participation — séance de printemps'
JOIN meeting s ON s.title = 'Comité de suivi de la participation — séance d''automne';
