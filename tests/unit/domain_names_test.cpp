#include "domain/names.hpp"

#include <boost/test/unit_test.hpp>

using namespace quorum;

namespace {

std::vector<Participant> people(std::initializer_list<const char*> names) {
    std::vector<Participant> list;
    for (const char* name : names) {
        Participant participant;
        participant.name = name;
        list.push_back(participant);
    }
    return list;
}

} // namespace

BOOST_AUTO_TEST_SUITE(domain_names_test)

BOOST_AUTO_TEST_CASE(full_name_matches_without_accents_or_case) {
    auto list = people({"Émilien Gruet", "Jessica Leblanc"});
    BOOST_CHECK_EQUAL(match_participant("emilien gruet", list), "Émilien Gruet");
    BOOST_CHECK_EQUAL(match_participant("JESSICA LEBLANC (TIESS)", list), "Jessica Leblanc");
}

BOOST_AUTO_TEST_CASE(first_name_alone_matches_when_unambiguous) {
    auto list = people({"Émilien Gruet", "Jessica Leblanc", "Valérie Leblanc"});
    BOOST_CHECK_EQUAL(match_participant("Émilien", list), "Émilien Gruet");
    BOOST_CHECK_EQUAL(match_participant("Jessica", list), "Jessica Leblanc");
}

BOOST_AUTO_TEST_CASE(shared_first_or_last_name_is_ambiguous) {
    auto list = people({"Marie Dubois", "Marie Kowalski", "Jessica Leblanc", "Valérie Leblanc"});
    BOOST_CHECK_EQUAL(match_participant("Marie", list), "");
    BOOST_CHECK_EQUAL(match_participant("Leblanc", list), "");
}

BOOST_AUTO_TEST_CASE(handles_and_initials_match) {
    auto list = people({"Léa Tremblay", "Jean-Noé Landry", "Raj Patel"});
    BOOST_CHECK_EQUAL(match_participant("@lea", list), "Léa Tremblay");
    BOOST_CHECK_EQUAL(match_participant("@raj", list), "Raj Patel");
    BOOST_CHECK_EQUAL(match_participant("@jeannoelandry", list), "Jean-Noé Landry");
    BOOST_CHECK_EQUAL(match_participant("ltremblay", list), "Léa Tremblay");
    BOOST_CHECK_EQUAL(match_participant("J. Landry", list), "Jean-Noé Landry");
    BOOST_CHECK_EQUAL(match_participant("Jean-Noé", list), "Jean-Noé Landry");
}

BOOST_AUTO_TEST_CASE(strangers_do_not_match) {
    auto list = people({"Léa Tremblay"});
    BOOST_CHECK_EQUAL(match_participant("Bob", list), "");
    BOOST_CHECK_EQUAL(match_participant("", list), "");
}

BOOST_AUTO_TEST_SUITE_END()
