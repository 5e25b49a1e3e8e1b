-- Demo data for GUSP problem reports: the categories the partners of the
-- Mosson and Cévennes projects handle, their default handler and deadline,
-- and the sectors where another organisation is responsible. Loaded by
-- `quartier demo` after demo.sql and projects.sql.

INSERT INTO report_category (code, strand, name, description, keywords, default_org_id, deadline_hours, position, created_at, updated_at)
WITH c(code, strand, name, description, keywords, org, hours, pos) AS (VALUES
 ('proprete', 'corrective', 'Propreté', 'Déchets au sol, corbeilles pleines, souillures sur l''espace public.', 'déchets, saleté, corbeille', 'Ville de Montpellier — Direction de la propreté urbaine', 48, 1),
 ('encombrants', 'corrective', 'Encombrants et dépôts sauvages', 'Meubles, gravats ou sacs déposés hors des points de collecte.', 'dépôt sauvage, meubles, gravats', 'Ville de Montpellier — Direction de la propreté urbaine', 72, 2),
 ('eclairage', 'corrective', 'Éclairage public', 'Lampadaire éteint, qui clignote ou reste allumé le jour.', 'lampadaire, lumière, nuit', 'Ville de Montpellier', 120, 3),
 ('espaces_verts', 'corrective', 'Espaces verts', 'Arbre dangereux, pelouse non entretenue, arrosage en panne.', 'arbre, pelouse, parc', 'Ville de Montpellier', 168, 4),
 ('voirie', 'corrective', 'Voirie et trottoirs', 'Nid-de-poule, bordure cassée, trottoir déformé, plaque descellée.', 'route, trottoir, chaussée', 'Direction des mobilités de la Métropole', 240, 5),
 ('tags', 'corrective', 'Tags et graffitis', 'Inscriptions sur les murs, le mobilier ou les façades.', 'graffiti, peinture', 'Ville de Montpellier — Direction de la propreté urbaine', 120, 6),
 ('mobilier', 'corrective', 'Mobilier urbain dégradé', 'Banc, barrière, abri ou jeu pour enfants cassé.', 'banc, jeux, barrière', 'Ville de Montpellier', 240, 7),
 ('ascenseur', 'corrective', 'Ascenseur en panne', 'Ascenseur arrêté ou dangereux dans un immeuble.', 'ascenseur, immeuble', 'ACM Habitat', 24, 8),
 ('parties_communes', 'corrective', 'Parties communes', 'Hall, escalier, caves ou local poubelles : porte cassée, lumière, propreté.', 'hall, escalier, cave, porte', 'ACM Habitat', 72, 9),
 ('stationnement', 'corrective', 'Stationnement et véhicules abandonnés', 'Véhicule ventouse ou épave, stationnement qui bloque un passage.', 'voiture, épave, parking', 'Police municipale de Montpellier', 72, 10),
 ('nuisances_chantier', 'works', 'Nuisances de chantier', 'Bruit, poussière, boue ou horaires non respectés sur un chantier.', 'bruit, poussière, horaires', 'SA3M (Société d''aménagement de Montpellier Méditerranée Métropole)', 48, 11),
 ('securite_chantier', 'works', 'Sécurité d''un chantier', 'Clôture ouverte ou renversée, signalisation manquante, accès dangereux.', 'clôture, danger, signalisation', 'SA3M (Société d''aménagement de Montpellier Méditerranée Métropole)', 12, 12),
 ('cheminement', 'works', 'Cheminement bloqué par un chantier', 'Passage piéton fermé sans déviation, accès à un immeuble ou à un arrêt difficile.', 'passage, déviation, accessibilité', 'Direction des mobilités de la Métropole', 24, 13),
 ('batiment_vacant', 'watch', 'Bâtiment vacant à surveiller', 'Immeuble vidé avant démolition : porte forcée, fenêtre ouverte, intrusion.', 'démolition, vacant, intrusion', 'ACM Habitat', 48, 14),
 ('squat', 'watch', 'Occupation illicite', 'Occupation d''un logement ou d''un local vide.', 'squat, occupation', 'Police municipale de Montpellier', 24, 15),
 ('risque', 'watch', 'Risque pour les personnes', 'Trou, câble, objet qui menace de tomber : danger immédiat.', 'danger, chute, urgence', 'Ville de Montpellier', 4, 16)
)
SELECT c.code, c.strand, c.name, c.description, c.keywords, o.id, c.hours, c.pos,
       strftime('%Y-%m-%dT%H:%M:%SZ','now'), strftime('%Y-%m-%dT%H:%M:%SZ','now')
FROM c JOIN organization o ON o.name = c.org;

-- Where the landlord's estates are, it handles dumped items and tags itself;
-- in the copropriété, common parts are followed by the plan de sauvegarde's team.
INSERT INTO report_routing (category_id, sector_id, org_id)
SELECT c.id, s.id, o.id FROM report_category c, sector s, organization o
WHERE c.code IN ('encombrants', 'tags') AND s.slug IN ('hauts-de-massane', 'grand-mail') AND o.name = 'ACM Habitat';
INSERT INTO report_routing (category_id, sector_id, org_id)
SELECT c.id, s.id, o.id FROM report_category c, sector s, organization o
WHERE c.code IN ('parties_communes', 'ascenseur') AND s.slug = 'copropriete-des-cevennes'
  AND o.name = 'Montpellier Méditerranée Métropole — Direction de la politique de la ville';

-- Extra questions (Open311 attributes).
INSERT INTO report_category_attribute (category_id, code, datatype, label, required, choices, position)
SELECT id, 'batiment', 'string', 'Bâtiment et entrée (ex. : bâtiment B, entrée 3)', 1, '', 1 FROM report_category WHERE code IN ('ascenseur', 'parties_communes');
INSERT INTO report_category_attribute (category_id, code, datatype, label, required, choices, position)
SELECT id, 'vehicule', 'singlevaluelist', 'De quoi s''agit-il ?', 1, 'ventouse|Véhicule qui ne bouge plus depuis des jours
epave|Épave (véhicule dégradé, sans plaque)
gene|Stationnement qui bloque un passage', 1 FROM report_category WHERE code = 'stationnement';
INSERT INTO report_category_attribute (category_id, code, datatype, label, required, choices, position)
SELECT id, 'nuisance', 'multivaluelist', 'Quelles nuisances ?', 1, 'bruit|Bruit
poussiere|Poussière
boue|Boue sur la chaussée
horaires|Travail hors des horaires autorisés', 1 FROM report_category WHERE code = 'nuisances_chantier';
