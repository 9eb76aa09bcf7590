#include "base/wildcard.h"

#include <gtest/gtest.h>

#include <string>

namespace ruledex {
namespace {

TEST(Wildcard, StarsMatchAnyRunAndCaseIsAChoice) {
  EXPECT_TRUE(wildcard_match("Process*", "ProcessCommandLine"));
  EXPECT_TRUE(wildcard_match("*a*b", "xxaxxab"));
  EXPECT_TRUE(wildcard_match("*", ""));
  EXPECT_FALSE(wildcard_match("SecurityEvent", "SecurityEvents"));
  EXPECT_FALSE(wildcard_match("process*", "ProcessId"));
  EXPECT_TRUE(wildcard_match("process*", "ProcessId", LetterCase::ignored));
  EXPECT_TRUE(wildcard_match("logs-aws.cloudtrail*", "logs-AWS.cloudtrail-*", LetterCase::ignored));
}

TEST(Wildcard, ManyStarsOnALongTextStayFast) {
  // Backtracking to the last star only: this finishes at once, not exponentially.
  EXPECT_FALSE(wildcard_match(std::string(30, '*') + "b", std::string(20000, 'a')));
}

}  // namespace
}  // namespace ruledex
