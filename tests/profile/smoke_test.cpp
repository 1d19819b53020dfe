#include <doctest/doctest.h>
#include "support/test_support.hpp"
TEST_CASE("smoke2") { mockgate::testing::Fixture f("lisoloo"); CHECK(f.send("GET","/x").status == 404); }
