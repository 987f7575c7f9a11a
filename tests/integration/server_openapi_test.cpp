// The OpenAPI document is written by hand; this keeps it true to the router.

#include "harness.hpp"
#include "server/api.hpp"

#include <boost/test/unit_test.hpp>

#include <set>

using namespace harness;

BOOST_AUTO_TEST_SUITE(server_openapi_test)

BOOST_AUTO_TEST_CASE(the_document_lists_exactly_the_routes) {
    TestServer server;
    auto reply = server.get("/api/v1/openapi.json");
    BOOST_REQUIRE(reply.status == 200);
    auto document = reply.json();
    BOOST_TEST(document->getValue<std::string>("openapi").rfind("3.", 0) == 0u);

    std::set<std::string> documented;
    auto paths = document->getObject("paths");
    for (const auto& [path, methods] : *paths) {
        for (const auto& [method, operation] : *methods.extract<Object::Ptr>()) {
            std::string upper = method;
            for (char& c : upper) {
                c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
            }
            documented.insert(upper + " " + path);
        }
    }
    std::set<std::string> routed;
    for (const auto& route : server.server().router().routes()) {
        routed.insert(route.method + " " + route.pattern);
    }
    for (const auto& route : routed) {
        BOOST_TEST_CONTEXT("routed but not documented: " << route) {
            BOOST_TEST(documented.count(route) == 1u);
        }
    }
    for (const auto& route : documented) {
        BOOST_TEST_CONTEXT("documented but not routed: " << route) {
            BOOST_TEST(routed.count(route) == 1u);
        }
    }
}

BOOST_AUTO_TEST_CASE(protected_routes_are_documented_with_bearer_security) {
    TestServer server;
    auto paths = server.get("/api/v1/openapi.json").json()->getObject("paths");
    for (const auto& route : server.server().router().routes()) {
        std::string method = route.method;
        for (char& c : method) {
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
        auto operation = paths->getObject(route.pattern)->getObject(method);
        BOOST_TEST_CONTEXT(route.method << " " << route.pattern) {
            BOOST_TEST(operation->has("security") == !route.access.is_public);
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
