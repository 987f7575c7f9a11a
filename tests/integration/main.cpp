#define BOOST_TEST_MODULE quorum_integration
#include <boost/test/unit_test.hpp>
