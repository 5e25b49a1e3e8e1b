-- Demo data for registrations to meetings, attendance and minutes: the
-- workshop on the Rieutord park's games is full, with a waiting list; the
-- building-site party of the Cévennes square was held, with attendance
-- (registered people ticked, walk-ins, people counted) and published
-- minutes. Loaded by `quartier demo` after meetings.sql. The tokens of these
-- rows are random: their cancellation links are never e-mailed.

-- 30 places (capacity 30, none reserved): 30 registered, then 3 waiting.
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 33),
first(k, v) AS (VALUES (0, 'Samira'), (1, 'Karim'), (2, 'Chantal'), (3, 'Yacine'), (4, 'Fatou'), (5, 'Mehdi'),
                (6, 'Nadia'), (7, 'Julien'), (8, 'Aïcha'), (9, 'Bruno'), (10, 'Leïla')),
last(k, v) AS (VALUES (0, 'Benali'), (1, 'Martin'), (2, 'Diallo'), (3, 'Garcia'), (4, 'Haddad')),
meeting_row AS (SELECT id FROM meeting WHERE title = 'Atelier : les jeux du parc du Rieutord')
INSERT INTO registration (meeting_id, name, email, phone, consent_at, status, source, token_hash, created_at, updated_at)
SELECT meeting_row.id, f.v || ' ' || l.v,
       CASE WHEN n.i % 7 = 0 THEN NULL ELSE 'inscrit' || n.i || '@demo.test' END,
       CASE WHEN n.i % 3 = 0 THEN '06 12 34 ' || printf('%02d', n.i) || ' 00' END,
       strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-' || (40 - n.i) || ' hours'),
       CASE WHEN n.i <= 30 THEN 'registered' ELSE 'waiting' END,
       CASE WHEN n.i % 7 = 0 THEN 'staff' ELSE 'online' END,
       lower(hex(randomblob(32))),
       strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-' || (40 - n.i) || ' hours'),
       strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-' || (40 - n.i) || ' hours')
FROM n JOIN first f ON f.k = n.i % 11 JOIN last l ON l.k = n.i % 5 CROSS JOIN meeting_row
ORDER BY n.i;

-- The building-site party, held 12 days ago: 12 registered, 9 came, 3 walk-ins, 25 counted at the gate.
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 12),
meeting_row AS (SELECT id, starts_at FROM meeting WHERE title = 'Fête de chantier du square des Cévennes')
INSERT INTO registration (meeting_id, name, email, consent_at, status, source, token_hash, created_at, updated_at)
SELECT meeting_row.id, 'Habitant·e ' || n.i, 'fete' || n.i || '@demo.test',
       strftime('%Y-%m-%dT%H:%M:%SZ', meeting_row.starts_at, '-' || n.i || ' days'), 'registered', 'online',
       lower(hex(randomblob(32))),
       strftime('%Y-%m-%dT%H:%M:%SZ', meeting_row.starts_at, '-' || n.i || ' days'),
       strftime('%Y-%m-%dT%H:%M:%SZ', meeting_row.starts_at, '-' || n.i || ' days')
FROM n CROSS JOIN meeting_row;

INSERT INTO attendance (meeting_id, registration_id, status, recorded_at)
SELECT g.meeting_id, g.id, 'present', m.starts_at FROM registration g JOIN meeting m ON m.id = g.meeting_id
WHERE m.title = 'Fête de chantier du square des Cévennes' AND g.id % 4 <> 0;

WITH w(name) AS (VALUES ('Rachid Amrani'), ('Sophie Lambert'), ('Moussa Koné'))
INSERT INTO attendance (meeting_id, name, status, recorded_at)
SELECT m.id, w.name, 'present', m.starts_at FROM meeting m CROSS JOIN w
WHERE m.title = 'Fête de chantier du square des Cévennes';

UPDATE meeting SET anonymous_attendees = 25 WHERE title = 'Fête de chantier du square des Cévennes';

INSERT INTO minutes (meeting_id, content, published_at, updated_at)
SELECT id, '## Déroulé

Une soixantaine de personnes ont visité le chantier du futur square avec l''équipe de la Ville et l''entreprise.

- Présentation du plan du square et du calendrier : ouverture prévue au printemps.
- Les enfants ont dessiné les jeux qu''ils aimeraient trouver ; les dessins sont exposés à la Maison du projet.
- Plusieurs habitants ont signalé la poussière du chantier les jours de vent.

## Suites

La Ville fera arroser le chantier les jours de vent et affichera le calendrier des travaux à l''entrée.',
       strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-10 days'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-10 days')
FROM meeting WHERE title = 'Fête de chantier du square des Cévennes';
