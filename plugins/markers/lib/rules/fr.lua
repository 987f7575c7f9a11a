-- Règles françaises du plugin markers : les mots qu'il lit dans des comptes rendus en français.
-- Chaque liste s'ajoute à celles des autres langues (lib/rules/*.lua, nommées dans LANGUAGES d'init.lua).
-- Les mots sont repliés (minuscules, sans accents) sauf mention contraire.
return {
  labels = {
    ["a faire"] = { "action", "marker:a-faire" },
    ["tache"] = { "action", "marker:tache" },
    ["resolu"] = { "decision", "marker:resolu" },
    ["resolue"] = { "decision", "marker:resolu" },
  },
  list_labels = {
    ["a faire"] = "action", ["taches"] = "action",
    ["decisions prises"] = "decision",
    -- "Il manque :" then what is still to find: each item is a task
    ["il manque"] = "action", ["il nous manque"] = "action", ["il reste a trouver"] = "action",
  },
  due_leads = {
    { "d'ici", "le" }, { "d'ici", "au" }, { "d'ici" }, { "avant", "le" }, { "avant" }, { "pour", "le" },
    { "au", "plus", "tard", "le" }, { "au", "plus", "tard" }, { "echeance" }, { "date", "limite" },
  },
  -- "D'ici le 15 mai, préparer le bilan"
  opening_leads = { "d'ici", "avant", "au plus tard", "pour" },
  months = "janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre " ..
           "janv fevr avr juil sept oct nov dec",
  weekdays = "lundi mardi mercredi jeudi vendredi samedi dimanche",
  relative_dues = { "demain", "la semaine prochaine", "semaine prochaine", "la fin du mois", "fin du mois",
                    "la fin de la semaine", "la prochaine reunion", "prochaine reunion", "la prochaine rencontre" },
  -- « Le budget est adopté à l'unanimité », « Il a été décidé de … » (motif en minuscules, accents gardés)
  outcomes = {
    { "unanimit", "l'unanimit", "fr:unanimite" },
    { "majorit", "%f[%a]adopt[%a\xC3\xA9]* à la majorit", "fr:majorite" },
    { "majorit", "%f[%a]approuv[%a\xC3\xA9]* à la majorit", "fr:majorite" },
    { "voix", "%d voix pour", "fr:voix" },
    { "voix", "%d voix contre", "fr:voix" },
    { "d\xC3\xA9cid", "il est décidé", "fr:decide" },
    { "d\xC3\xA9cid", "il a été décidé", "fr:decide" },
    { "d\xC3\xA9cid", "avons décidé", "fr:decide" },
    { "d\xC3\xA9cid", "on a décidé", "fr:decide" },
    { "d\xC3\xA9cid", "décide de%f[%A]", "fr:decide" },
    { "d\xC3\xA9cid", "décide d'", "fr:decide" },
    { "d\xC3\xA9cid", "décide que%f[%A]", "fr:decide" },
    { "act\xC3\xA9", "a été acté", "fr:acte" },
    { "cision", "décision a été prise", "fr:decide" },
    { "cision", "décision est prise", "fr:decide" },
    { "cision", "prend la décision", "fr:decide" },
    { "cision", "pris la décision", "fr:decide" },
    { "vot\xC3\xA9", "%f[%a]votée?s? %(%d", "fr:voix" },
    { "vot\xC3\xA9", "%f[%a]puis votée?s?", "fr:voix" },
    { "vot\xC3\xA9", "été votée?s?", "fr:voix" },
    { "\xC3\xA9lu", "tous élus", "fr:elu" },
    { "\xC3\xA9lu", "toutes élues", "fr:elu" },
    { "convenu", "est convenu", "fr:convenu" },
    { "convenu", "été convenu", "fr:convenu" },
    { "convenu", "avons convenu", "fr:convenu" },
    { "commun accord", "d'un commun accord", "fr:convenu" },
    { "consensus", "consensus sur%f[%A]", "fr:convenu" },
    { "consensus", "consensus pour%f[%A]", "fr:convenu" },
    { "valid\xC3\xA9", "est validé", "fr:valide" },
    { "valid\xC3\xA9", "a été validé", "fr:valide" },
    { "valid\xC3\xA9", "sont validé", "fr:valide" },
    { "valid\xC3\xA9", "ont été validé", "fr:valide" },
    { "retenu", "est retenue?%f[%A]", "fr:retenu" },
    { "retenu", "été retenue?s?%f[%A]", "fr:retenu" },
    { "act\xC3\xA9", "est acté", "fr:acte" },
    { "adopt", "est adopté", "fr:adopte" },
    { "adopt", "a été adopté", "fr:adopte" },
    { "adopt", "sont adopté", "fr:adopte" },
    { "adopt", "ont été adopté", "fr:adopte" },
    { "pprouv", "est approuvé", "fr:approuve" },
    { "pprouv", "a été approuvé", "fr:approuve" },
    { "pprouv", "sont approuvé", "fr:approuve" },
    { "pprouv", "ont été approuvé", "fr:approuve" },
    { "\xC3\xA9lu", "est élu", "fr:elu" },
    { "\xC3\xA9lu", "est réélu", "fr:elu" },
    { "\xC3\xA9lu", "sont élu", "fr:elu" },
    { "\xC3\xA9lu", "sont réélu", "fr:elu" },
    { "\xC3\xA9lu", "été élu", "fr:elu" },
    { "\xC3\xA9lu", "été réélu", "fr:elu" },
    { "port\xC3\xA9", "%f[%a]report[ée]+s? à la prochaine", "fr:reporte" },
    { "port\xC3\xA9", "%f[%a]report[ée]+s? au prochain", "fr:reporte" },
    { "remis", "%f[%a]remise?s? à la prochaine", "fr:reporte" },
  },
  standalone_outcomes = { "^r?e?elue?s?%f[%A]", "^approuvee?s?%f[%A]", "^rejetee?s?%f[%A]",
                          "^refusee?s?%f[%A]", "^acceptee?s?%f[%A]" },
  answers = { "oui", "non", "adopté", "refusé" },
  open_questions = "qui quoi quand ou comment pourquoi combien quel quelle quels quelles",
  vote_words = { "pour", "contre", "abstention", "abstentions", "oui", "non" },
  -- Un élément de liste qui commence par l'un de ces infinitifs est une tâche (hors ordre du jour).
  todo_verbs = "envoyer renvoyer contacter recontacter relancer appeler rappeler demander redemander vérifier préparer " ..
               "rédiger écrire réécrire publier organiser réserver trouver inviter prévoir voir revoir faire refaire mettre " ..
               "remettre ajouter créer migrer clôturer cloturer terminer finir finaliser installer soumettre amener " ..
               "apporter acheter commander programmer documenter réfléchir définir décider explorer tester valider " ..
               "compléter remplir imprimer transmettre partager corriger lancer relire signer payer fixer caler regarder " ..
               "informer prévenir répondre diffuser récupérer nettoyer ranger déposer mettre contacter solliciter " ..
               "renseigner",
}
