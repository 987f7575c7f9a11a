#include "live/messages.hpp"

#include <array>

namespace quorum::live {

namespace {

struct Message {
    std::string_view key;
    std::string_view en;
    std::string_view fr;
};

constexpr std::array k_messages = {
    Message{"forbidden", "The {0} role cannot do that ({1}).",
            "Le rôle «\u00a0{0}\u00a0» ne peut pas faire cela ({1})."},
    Message{"not_mine", "The server handles this command ({0}), not the live meeting.",
            "Cette commande ({0}) est traitée par le serveur, pas par la rencontre en direct."},
    Message{"no_participant", "This command needs a participant: you are not on the roster.",
            "Cette commande concerne un·e participant·e\u00a0: vous n’êtes pas dans la liste."},
    Message{"unknown_participant", "Nobody called \"{0}\" is on the roster.",
            "Personne ne s’appelle «\u00a0{0}\u00a0» dans la liste des participant·es."},
    Message{"unknown_participant_id", "No participant has the id \"{0}\".",
            "Aucun·e participant·e n’a l’identifiant «\u00a0{0}\u00a0»."},
    Message{"not_started", "The meeting has not started.", "La rencontre n’a pas commencé."},
    Message{"already_started", "The meeting has already started.", "La rencontre a déjà commencé."},
    Message{"ended", "The meeting has ended.", "La rencontre est terminée."},
    Message{"paused", "The meeting is paused: resume it first.",
            "La rencontre est en pause\u00a0: reprenez-la d’abord."},
    Message{"not_paused", "The meeting is not paused.", "La rencontre n’est pas en pause."},
    Message{"already_paused", "The meeting is already paused.", "La rencontre est déjà en pause."},
    Message{"empty_agenda", "The agenda is empty.", "L’ordre du jour est vide."},
    Message{"unknown_item", "There is no agenda item \"{0}\".",
            "Il n’y a pas de point «\u00a0{0}\u00a0» à l’ordre du jour."},
    Message{"no_next_item", "This is the last agenda item.", "C’est le dernier point de l’ordre du jour."},
    Message{"no_previous_item", "This is the first agenda item.", "C’est le premier point de l’ordre du jour."},
    Message{"no_current_item", "No agenda item is running.", "Aucun point de l’ordre du jour n’est en cours."},
    Message{"item_not_pending", "Item \"{0}\" is not waiting to be treated.",
            "Le point «\u00a0{0}\u00a0» n’attend pas d’être traité."},
    Message{"bad_duration", "Give a positive duration.", "Indiquez une durée positive."},
    Message{"duplicate_id", "The id \"{0}\" appears twice.", "L’identifiant «\u00a0{0}\u00a0» apparaît deux fois."},
    Message{"empty_id", "Every entry needs an id.", "Chaque entrée doit avoir un identifiant."},
    Message{"queue_closed", "The queue is closed.", "La file des interventions est fermée."},
    Message{"queue_already_closed", "The queue is already closed.", "La file des interventions est déjà fermée."},
    Message{"queue_already_open", "The queue is already open.", "La file des interventions est déjà ouverte."},
    Message{"queue_empty", "Nobody is in the queue.", "Personne n’est dans la file des interventions."},
    Message{"not_in_queue", "You are not in the queue.", "Vous n’êtes pas dans la file des interventions."},
    Message{"unknown_entry", "There is no queue entry {0}.",
            "Il n’y a pas d’entrée {0} dans la file des interventions."},
    Message{"bad_position", "The position must be between 1 and {0}.",
            "La position doit être comprise entre 1 et {0}."},
    Message{"last_word_taken", "{0} already has the last word.", "{0} a déjà le dernier mot."},
    Message{"round_running", "A round is already running.", "Un tour de table est déjà en cours."},
    Message{"no_round", "No round is running.", "Aucun tour de table n’est en cours."},
    Message{"no_speakers", "Nobody to give the floor to: no participant is present.",
            "Personne à qui donner la parole\u00a0: aucun·e participant·e n’est présent·e."},
    Message{"no_previous_round", "There was no previous round to reverse.",
            "Il n’y a pas de tour de table précédent à inverser."},
    Message{"not_in_round", "{0} has no turn left in this round.",
            "{0} n’a plus de tour de parole dans ce tour de table."},
    Message{"nobody_after", "Nobody else is waiting in this round.",
            "Personne d’autre n’attend son tour dans ce tour de table."},
    Message{"total_too_short", "{0} s for {1} people leaves less than a second each.",
            "{0}\u00a0s pour {1} personnes laisse moins d’une seconde à chacun·e."},
    Message{"no_speaker", "Nobody has the floor.", "Personne n’a la parole."},
    Message{"nothing_to_replan", "No agenda item is left to re-plan.", "Il ne reste aucun point à replanifier."},
    Message{"on_time_already", "The meeting is on time: nothing to re-plan.",
            "La rencontre est à l’heure\u00a0: rien à replanifier."},
    // The grammar.
    Message{"empty_command", "Type a command, or \"help\".", "Tapez une commande, ou «\u00a0aide\u00a0»."},
    Message{"unknown_command", "Unknown command \"{0}\". Did you mean: {1}?",
            "Commande inconnue «\u00a0{0}\u00a0». Vouliez-vous dire\u00a0: {1}\u00a0?"},
    Message{"unknown_command_no_hint", "Unknown command \"{0}\". Type \"help\" for the list.",
            "Commande inconnue «\u00a0{0}\u00a0». Tapez «\u00a0aide\u00a0» pour la liste."},
    Message{"ambiguous_command", "\"{0}\" could mean: {1}.", "«\u00a0{0}\u00a0» peut vouloir dire\u00a0: {1}."},
    Message{"needs_duration", "\"{0}\" needs a duration, for example \"{1}\".",
            "«\u00a0{0}\u00a0» demande une durée, par exemple «\u00a0{1}\u00a0»."},
    Message{"needs_name", "\"{0}\" needs a name, for example \"{1}\".",
            "«\u00a0{0}\u00a0» demande un nom, par exemple «\u00a0{1}\u00a0»."},
    Message{"needs_text", "\"{0}\" needs a title, for example \"{1}\".",
            "«\u00a0{0}\u00a0» demande un titre, par exemple «\u00a0{1}\u00a0»."},
    Message{"unexpected_words", "\"{0}\" does not take \"{1}\".", "«\u00a0{0}\u00a0» ne prend pas «\u00a0{1}\u00a0»."},
    Message{"bad_round_word", "In a round, \"{0}\" is not understood: use a duration, {1}.",
            "Dans un tour de table, «\u00a0{0}\u00a0» n’est pas compris\u00a0: indiquez une durée, {1}."},
    Message{"needs_numbers", "\"{0}\" needs an entry and a position, for example \"{1}\".",
            "«\u00a0{0}\u00a0» demande une entrée et une position, par exemple «\u00a0{1}\u00a0»."},
    // The schedule.
    Message{"late_by", "running late by {0}, projected end {1}", "en retard de {0}, fin prévue à {1}"},
    Message{"ahead_by", "ahead by {0}, projected end {1}", "en avance de {0}, fin prévue à {1}"},
    Message{"on_time", "on time, projected end {0}", "à l’heure, fin prévue à {0}"},
};

} // namespace

std::string say(Language lang, std::string_view key, std::initializer_list<std::string_view> args) {
    std::string_view pattern = key;
    for (const auto& message : k_messages) {
        if (message.key == key) {
            pattern = lang == Language::French ? message.fr : message.en;
            break;
        }
    }
    std::string out;
    out.reserve(pattern.size() + 32);
    for (size_t i = 0; i < pattern.size(); ++i) {
        if (pattern[i] == '{' && i + 2 < pattern.size() && pattern[i + 2] == '}' && pattern[i + 1] >= '0' &&
            pattern[i + 1] <= '9') {
            const size_t n = static_cast<size_t>(pattern[i + 1] - '0');
            if (n < args.size()) {
                out += *(args.begin() + n);
            }
            i += 2;
            continue;
        }
        out += pattern[i];
    }
    return out;
}

Error live_error(std::string code, Language lang, std::string_view key, std::initializer_list<std::string_view> args,
                 std::string field) {
    // one language: the command's own language (its hints are in it)
    return make_error(std::move(code), say(lang, key, args), std::move(field));
}

} // namespace quorum::live
