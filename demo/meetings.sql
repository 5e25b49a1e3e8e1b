-- Demo data for meetings (temps d'information et de concertation) of the
-- Mosson and Cévennes projects: past and upcoming, one cancelled, one not
-- public, with their sectors, partners and agendas. Times are relative to
-- the day the demo is loaded, stored in UTC. Loaded by `quartier demo` after
-- reports.sql.

INSERT INTO meeting (project_id, kind, title, place, lat, lon, online_url, starts_at, ends_at, is_public, status,
                     description, capacity, reserved_places, organizer_id, created_at, updated_at)
WITH m(project, kind, title, place, lat, lon, url, day, start, hours, public, status, description, capacity, reserved, org) AS (VALUES
 (1, 'public_meeting', 'Réunion publique : le projet du Grand Mail', 'Maison pour tous Léo Lagrange, 155 rue de Bologne, Montpellier', 43.6135, 3.8189, '', '+12 days', '16:30:00', 2, 1, 'scheduled',
  'Présentation du **projet d''aménagement du Grand Mail** : calendrier des travaux, circulation pendant le chantier, nouveaux espaces publics.

Venez poser vos questions aux équipes de la Métropole et de la SA3M.', 120, 10, 'Montpellier Méditerranée Métropole — Direction de la politique de la ville'),
 (1, 'workshop', 'Atelier : les jeux du parc du Rieutord', 'Maison du projet, place du Marché, Montpellier', NULL, NULL, '', '+19 days', '13:00:00', 2, 1, 'scheduled',
  'Atelier avec les familles pour choisir les jeux du futur parc du Rieutord. Les enfants sont les bienvenus.', 30, 0, 'SA3M (Société d''aménagement de Montpellier Méditerranée Métropole)'),
 (1, 'walk', 'Balade urbaine aux Hauts de Massane', 'Départ devant l''arrêt de tram Hauts de Massane', 43.6194, 3.8192, '', '+26 days', '08:00:00', 2, 1, 'cancelled',
  'Balade reportée à cause des travaux sur l''avenue de Heidelberg ; une nouvelle date sera annoncée.', NULL, 0, 'Ville de Montpellier'),
 (1, 'public_meeting', 'Réunion de lancement du relogement', 'Salle Louis Feuillade, Montpellier', NULL, NULL, '', '-30 days', '17:00:00', 2, 1, 'held',
  'Présentation de la charte de relogement et des interlocuteurs des locataires concernés.', 150, 0, 'ACM Habitat'),
 (1, 'committee_session', 'Comité de pilotage du projet Mosson', 'Hôtel de Métropole, salle du conseil', NULL, NULL, '', '+33 days', '08:00:00', 3, 0, 'scheduled',
  'Séance de travail des partenaires du projet (non publique).', NULL, 0, 'Montpellier Méditerranée Métropole — Direction de la politique de la ville'),
 (2, 'public_meeting', 'Réunion publique : le plan de sauvegarde de la copropriété', 'Centre social des Cévennes, Montpellier', NULL, NULL, 'https://visio.exemple.fr/cevennes-plan-de-sauvegarde', '+9 days', '16:00:00', 2, 1, 'scheduled',
  'Point d''étape du **plan de sauvegarde** : travaux votés, aides aux copropriétaires, calendrier.

La réunion est aussi retransmise en ligne.', 80, 5, 'Montpellier Méditerranée Métropole — Direction de la politique de la ville'),
 (2, 'event', 'Fête de chantier du square des Cévennes', 'Square des Cévennes (chantier), Montpellier', 43.6142, 3.8370, '', '-12 days', '13:00:00', 3, 1, 'held',
  'Visite du chantier, animations et goûter pour découvrir le futur square.', NULL, 0, 'Ville de Montpellier')
)
SELECT m.project, m.kind, m.title, m.place, m.lat, m.lon, m.url,
       strftime('%Y-%m-%dT', 'now', m.day) || m.start || 'Z',
       strftime('%Y-%m-%dT%H:%M:%SZ', strftime('%Y-%m-%d ', 'now', m.day) || m.start, '+' || m.hours || ' hours'),
       m.public, m.status, m.description, m.capacity, m.reserved, o.id,
       strftime('%Y-%m-%dT%H:%M:%SZ','now'), strftime('%Y-%m-%dT%H:%M:%SZ','now')
FROM m LEFT JOIN organization o ON o.name = m.org;

INSERT INTO meeting_sector (meeting_id, sector_id)
SELECT m.id, s.id FROM meeting m JOIN sector s ON (m.title LIKE '%Grand Mail%' AND s.slug = 'grand-mail')
  OR (m.title LIKE '%Rieutord%' AND s.slug = 'coeur-de-quartier')
  OR (m.title LIKE '%Hauts de Massane%' AND s.slug = 'hauts-de-massane')
  OR (m.title LIKE '%copropriété%' AND s.slug = 'copropriete-des-cevennes')
  OR (m.title LIKE '%square%' AND s.slug = 'square-et-parc');

INSERT INTO meeting_organization (meeting_id, organization_id)
SELECT m.id, o.id FROM meeting m JOIN organization o ON
     (m.project_id = 1 AND m.kind = 'public_meeting' AND o.name IN ('ACM Habitat', 'Conseil citoyen de la Mosson'))
  OR (m.project_id = 2 AND o.name = 'Conseil citoyen des Cévennes')
  OR (m.kind = 'committee_session' AND o.name LIKE 'Agence nationale pour la rénovation urbaine%');

INSERT INTO agenda_item (meeting_id, position, title, duration_minutes)
SELECT m.id, a.pos, a.title, a.minutes FROM meeting m JOIN (
 SELECT 'Réunion publique : le projet du Grand Mail' AS meeting, 1 AS pos, 'Accueil et présentation des intervenants' AS title, 10 AS minutes
 UNION ALL SELECT 'Réunion publique : le projet du Grand Mail', 2, 'Le projet et son calendrier', 30
 UNION ALL SELECT 'Réunion publique : le projet du Grand Mail', 3, 'Questions et échanges avec la salle', 60
 UNION ALL SELECT 'Atelier : les jeux du parc du Rieutord', 1, 'Les contraintes du site', 15
 UNION ALL SELECT 'Atelier : les jeux du parc du Rieutord', 2, 'Travail en petits groupes', 75
 UNION ALL SELECT 'Réunion publique : le plan de sauvegarde de la copropriété', 1, 'Les travaux votés en assemblée générale', 30
 UNION ALL SELECT 'Réunion publique : le plan de sauvegarde de la copropriété', 2, 'Les aides aux copropriétaires', 30
 UNION ALL SELECT 'Réunion publique : le plan de sauvegarde de la copropriété', 3, 'Questions', 45
 UNION ALL SELECT 'Comité de pilotage du projet Mosson', 1, 'Avancement des opérations', 60
) a ON a.meeting = m.title;
