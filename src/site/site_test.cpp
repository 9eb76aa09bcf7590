#include "site/site_writer.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>

#include "analysis/analyzer.h"
#include "attack/attack_catalog.h"
#include "catalog/action_families.h"
#include "catalog/catalog_builder.h"
#include "catalog/corpus_counts.h"
#include "catalog/same_action.h"
#include "site/site_index.h"
#include "site/site_pages.h"
#include "site/site_paths.h"

// Bytes allocated through operator new: the work of writing a page, which its
// size does not show.
static std::atomic<size_t> allocated_bytes{0};

void* operator new(size_t size) {
  allocated_bytes += size;
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, size_t) noexcept { std::free(p); }

namespace ruledex {
namespace {

namespace fs = std::filesystem;

// A Sentinel rule file; the query is indented by four spaces under `query: |`.
std::string sentinel_yaml(std::string_view id, std::string_view name, std::string_view query,
                          std::string_view technique = "T1580") {
  std::string yaml = "id: " + std::string(id) + "\nname: " + std::string(name) +
                     "\ndescription: Test rule.\nseverity: Low\ntactics:\n  - Discovery\nrelevantTechniques:\n  - " +
                     std::string(technique) + "\nquery: |\n";
  std::istringstream lines{std::string(query)};
  for (std::string line; std::getline(lines, line);) yaml += "    " + line + "\n";
  return yaml + "kind: Scheduled\n";
}

constexpr std::string_view kSeedQuery =
    "AWSCloudTrail\n"
    "| where EventName =~ \"GetCallerIdentity\" and UserIdentityType =~ \"AssumedRole\"\n"
    "| summarize StartTime = min(TimeGenerated) by SourceIpAddress, EventName\n";

// Rules made here: the seed-like rule, one sharing its action and an indicator
// value, and one whose name and query carry markup.
Catalog small_catalog() {
  const std::vector<std::pair<std::string, std::string>> files = {
      {"rules/AWS Credential hijack?.yaml",
       sentinel_yaml("32555639-b639-4c2b-afda-c0ae0abefa55", "AWSCloudTrail - Monitor AWS Credential abuse or hijacking",
                     kSeedQuery)},
      {"rules/other [copy];.yaml",
       sentinel_yaml("11111111-0000-0000-0000-000000000001", "GetCallerIdentity from a new address",
                     "AWSCloudTrail\n| where EventName =~ \"GetCallerIdentity\"\n| project SourceIpAddress\n",
                     "T1087.004")},
      {"rules/xss.yaml", sentinel_yaml("22222222-0000-0000-0000-000000000002", "\"<script>alert(1)</script>\"",
                                       "SecurityEvent\n| where CommandLine has \"<script>alert(1)</script>\"\n",
                                       "T1059")},
  };
  Catalog catalog;
  for (const auto& [path, text] : files) {
    FileAnalysis analysis = analyze_text(path, text);
    CatalogFile file{path, analysis.recognised, analysis.format, analysis.platform, analysis.diagnostics,
                     static_cast<uint32_t>(catalog.rules.size()), static_cast<uint32_t>(analysis.rules.size())};
    catalog.files.push_back(file);
    for (Rule& rule : analysis.rules) catalog.rules.push_back(std::move(rule));
  }
  fill_corpus_counts(catalog.rules);
  catalog.same_action = fill_same_action(catalog.rules, ActionFamilies::builtin());
  return catalog;
}

struct TempDir {
  fs::path path;
  TempDir() {
    std::random_device random;
    path = fs::temp_directory_path() / ("ruledex-site-test-" + std::to_string(random()));
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// Every value of attribute `name` ("href", "src", "id") in an HTML text we wrote.
std::vector<std::string> attribute_values(const std::string& html, std::string_view name) {
  std::vector<std::string> values;
  const std::string marker = " " + std::string(name) + "=\"";
  for (size_t at = html.find(marker); at != std::string::npos; at = html.find(marker, at + 1)) {
    size_t begin = at + marker.size();
    values.push_back(html.substr(begin, html.find('"', begin) - begin));
  }
  return values;
}

std::string unescape_amp(std::string text) {
  for (size_t at; (at = text.find("&amp;")) != std::string::npos;) text.replace(at, 5, "&");
  return text;
}

// Checks that every href and src of every page is relative and names a file
// (and anchor) of the site; returns how many it checked.
size_t check_links(const fs::path& site) {
  size_t links = 0, failures = 0;
  std::map<fs::path, std::set<std::string>> ids;
  auto ids_of = [&](const fs::path& file) -> const std::set<std::string>& {
    auto [it, added] = ids.try_emplace(file);
    if (added)
      for (const std::string& id : attribute_values(read_file(file), "id")) it->second.insert(id);
    return it->second;
  };
  auto fail = [&](const fs::path& page, std::string_view problem, std::string_view target) {
    if (++failures <= 10) ADD_FAILURE() << page << ": " << problem << ": " << target;
  };
  for (const auto& entry : fs::recursive_directory_iterator(site)) {
    if (entry.path().extension() != ".html") continue;
    const std::string html = read_file(entry.path());
    std::vector<std::string> targets = attribute_values(html, "href");
    for (const std::string& src : attribute_values(html, "src")) targets.push_back(src);
    for (const std::string& escaped : targets) {
      ++links;
      const std::string target = unescape_amp(escaped);
      if (target.find(':') != std::string::npos || target.starts_with("/")) {
        fail(entry.path(), "not a relative link", target);
        continue;
      }
      const size_t hash = target.find('#');
      const fs::path file =
          hash == 0 ? entry.path() : (entry.path().parent_path() / target.substr(0, hash)).lexically_normal();
      if (!fs::is_regular_file(file)) fail(entry.path(), "links to a missing file", target);
      else if (hash != std::string::npos && hash + 1 < target.size() && !ids_of(file).count(target.substr(hash + 1)))
        fail(entry.path(), "links to a missing anchor", target);
    }
  }
  return links;
}

class SiteTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    catalog_ = new Catalog(small_catalog());
    dir_ = new TempDir();
    report_ = write_site(*catalog_, nullptr, dir_->path / "site");
  }
  static void TearDownTestSuite() {
    delete dir_;
    delete catalog_;
  }
  static fs::path site() { return dir_->path / "site"; }
  static const Rule& rule_named(std::string_view prefix) {
    for (const Rule& rule : catalog_->rules)
      if (rule.name.starts_with(prefix)) return rule;
    throw std::runtime_error("no rule " + std::string(prefix));
  }

  static Catalog* catalog_;
  static TempDir* dir_;
  static SiteReport report_;
};

Catalog* SiteTest::catalog_ = nullptr;
TempDir* SiteTest::dir_ = nullptr;
SiteReport SiteTest::report_;

TEST(SitePaths, SlugsAreSafeAndNeverEmpty) {
  EXPECT_EQ(site::slug("AWS Credential hijack? [copy]; <x>"), "aws-credential-hijack-copy-x");
  EXPECT_EQ(site::slug("???"), "x");
  EXPECT_EQ(site::slug(std::string(200, 'a')).size(), 60u);
}

TEST(SitePaths, NamedPagesKeepSafeNamesAndHashOthers) {
  EXPECT_EQ(site::named_page("fields", "eventname"), "fields/eventname.html");
  std::string upper = site::named_page("fields", "EventName");
  std::string lower = site::named_page("fields", "eventName");
  EXPECT_NE(upper, lower);  // differ only in case: distinct even on case-insensitive file systems
  EXPECT_TRUE(upper.starts_with("fields/eventname-")) << upper;
  EXPECT_EQ(site::named_page("fields", "../../etc/passwd").find(".."), std::string::npos);
}

TEST(SitePaths, RulePagesAreStableAndUniquePerQuery) {
  Rule rule;
  rule.name = "Suspicious; thing? (v2) <b>";
  rule.file = "/corpus/a b/rule.md";
  rule.query_index = 0;
  std::string first = site::rule_page(rule);
  EXPECT_EQ(first, site::rule_page(rule));
  for (char c : first.substr(6)) {
    EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.') << first;
  }
  rule.query_index = 1;
  EXPECT_NE(first, site::rule_page(rule));
}

TEST_F(SiteTest, WritesEveryKindOfPage) {
  for (const char* file : {"index.html", "matrix.html", "fields.html", "sources.html", "site.css", "search.js",
                           "search-index.js", "platforms/sentinel.html"}) {
    EXPECT_TRUE(fs::exists(site() / file)) << file;
  }
  EXPECT_TRUE(fs::exists(site() / site::rule_page(rule_named("AWSCloudTrail"))));
  EXPECT_TRUE(fs::exists(site() / "techniques/t1580.html"));
  EXPECT_GT(report_.pages, 10u);
}

TEST_F(SiteTest, EveryRelativeLinkPointsAtAFileAndAnchorThatExist) { EXPECT_GT(check_links(site()), 100u); }

TEST_F(SiteTest, RuleTextIsEscapedEverywhere) {
  const Rule& xss = rule_named("<script>");
  const std::string page = read_file(site() / site::rule_page(xss));
  EXPECT_NE(page.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  for (const auto& entry : fs::recursive_directory_iterator(site())) {
    if (entry.path().extension() != ".html") continue;
    const std::string html = read_file(entry.path());
    EXPECT_EQ(html.find("<script>alert"), std::string::npos) << entry.path();
    for (size_t at = html.find("<script"); at != std::string::npos; at = html.find("<script", at + 1)) {
      EXPECT_EQ(html.compare(at, 13, "<script src=\""), 0) << entry.path() << ": an inline script";
    }
  }
}

TEST_F(SiteTest, RulePageLinksIndicatorCountsToTheRulesCounted) {
  const std::string page = read_file(site() / site::rule_page(rule_named("AWSCloudTrail")));
  EXPECT_NE(page.find("&quot;GetCallerIdentity&quot;"), std::string::npos);
  EXPECT_NE(page.find("&quot;AssumedRole&quot;"), std::string::npos);
  // GetCallerIdentity is also looked for by the second rule: a count of 1, linked to the field page's anchor.
  const size_t field_link = page.find("<a href=\"../fields/eventname-");  // the field itself links to its page
  ASSERT_NE(field_link, std::string::npos) << page;
  const size_t link = page.rfind("<a href=", page.find(".html#k", field_link));
  ASSERT_GT(link, field_link) << page;
  EXPECT_EQ(page.compare(page.find("\">", link) + 2, 5, "1</a>"), 0) << page.substr(link, 120);
  const std::string href = attribute_values(page.substr(link - 1, 200), "href").front();
  const std::string field_page = read_file(site() / "rules" / href.substr(0, href.find('#')));
  const size_t row = field_page.find("id=\"" + href.substr(href.find('#') + 1) + "\"");
  ASSERT_NE(row, std::string::npos);
  const std::string listed = field_page.substr(row, field_page.find("</tr>", row) - row);
  EXPECT_NE(listed.find("GetCallerIdentity from a new address"), std::string::npos) << listed;
  EXPECT_NE(listed.find("Monitor AWS Credential abuse"), std::string::npos) << listed;
}

TEST_F(SiteTest, RulePageListsRulesDetectingTheSameAction) {
  const std::string page = read_file(site() / site::rule_page(rule_named("AWSCloudTrail")));
  const size_t section = page.find("Rules detecting the same action");
  ASSERT_NE(section, std::string::npos);
  const std::string other = site::rule_page(rule_named("GetCallerIdentity from"));
  EXPECT_NE(page.find("<a href=\"../" + other + "\">GetCallerIdentity from a new address</a>", section),
            std::string::npos);
}

TEST_F(SiteTest, MatrixLinksTechniquesToPagesListingTheirRules) {
  const std::string matrix = read_file(site() / "matrix.html");
  EXPECT_NE(matrix.find("href=\"techniques/t1580.html\""), std::string::npos);
  const std::string technique = read_file(site() / "techniques/t1580.html");
  EXPECT_NE(technique.find("Monitor AWS Credential abuse or hijacking"), std::string::npos);
  EXPECT_EQ(technique.find("GetCallerIdentity from a new address"), std::string::npos);  // names T1087.004
}

TEST_F(SiteTest, SearchIndexIsAScriptAssigningAGlobal) {
  const std::string index = read_file(site() / "search-index.js");
  EXPECT_TRUE(index.starts_with("window.RULEDEX_SEARCH = ["));
  EXPECT_NE(index.find("Monitor AWS Credential abuse or hijacking"), std::string::npos);
}

TEST(Site, MatrixFollowsAttackOrderNamesAndShowsTheGaps) {
  const AttackCatalog attack = AttackCatalog::load(RULEDEX_SOURCE_DIR "/examples/attack/enterprise-attack-excerpt.json");
  TempDir dir;
  write_site(small_catalog(), &attack, dir.path);
  const std::string matrix = read_file(dir.path / "matrix.html");
  // Columns in ATT&CK's order, Initial Access first, though no rule names it.
  EXPECT_LT(matrix.find(">Initial Access</a>"), matrix.find(">Execution</a>"));
  EXPECT_LT(matrix.find(">Execution</a>"), matrix.find(">Discovery</a>"));
  // T1087 has no rule of its own: a gap, not a link, placed before its covered sub-technique.
  const size_t gap = matrix.find("<span class=\"cell s0\" title=\"no rule\"><span class=\"id\">T1087</span> Account Discovery");
  ASSERT_NE(gap, std::string::npos) << matrix;
  EXPECT_LT(gap, matrix.find("href=\"techniques/t1087.004.html\""));
  EXPECT_EQ(matrix.find("techniques/t1087.html"), std::string::npos);
  EXPECT_NE(read_file(dir.path / "techniques/t1087.004.html").find("T1087.004 Account Discovery: Cloud Account"),
            std::string::npos);
}

// The whole shared corpus through `ruledex build`'s path: every rule gets a
// page of its own and every link of the site resolves.
TEST(SiteOnCorpus, EveryRuleHasItsOwnPageAndEveryLinkResolves) {
  const fs::path corpus = fs::path(RULEDEX_SHARED_DIR) / "corpus";
  if (!fs::exists(corpus)) GTEST_SKIP() << corpus << " is absent: the corpus test needs the shared data";
  TempDir dir;
  size_t rules = 0;
  BuildOptions options;
  options.inputs = {corpus};
  options.out = dir.path / "out";
  const fs::path attack = fs::path(RULEDEX_SHARED_DIR) / "attack" / "enterprise-attack.json";
  if (fs::exists(attack)) options.attack_file = attack;
  options.extra_outputs = [&](const Catalog& catalog, const AttackCatalog* attack_catalog, const fs::path& folder) {
    rules = catalog.rules.size();
    write_site(catalog, attack_catalog, folder / "site");
  };
  build_catalog(options);
  const fs::path site = dir.path / "out" / "site";
  const size_t pages = std::distance(fs::directory_iterator(site / "rules"), fs::directory_iterator());
  EXPECT_GT(rules, 1000u);
  EXPECT_EQ(pages, rules) << "two rules share a page name";
  EXPECT_GT(check_links(site), rules * 10);
}

TEST(Site, StoriesListTheirDetectionsAndDetectionsLinkTheirStories) {
  Catalog catalog;
  for (const auto& [path, text] : std::vector<std::pair<std::string, std::string>>{
           {"detections/d.yml", "name: Detection <b>one</b>\nid: d1\ntype: TTP\nsearch: 'index=main EventCode=4624'\n"
                                "how_to_implement: x\ntags:\n  analytic_story:\n  - Account <Takeover>\n"},
           {"stories/s.yml", "name: Account <Takeover>\nid: s1\ndescription: Watch <accounts>.\nnarrative: Long.\n"}}) {
    FileAnalysis analysis = analyze_text(path, text);
    CatalogFile file{path, analysis.recognised, analysis.format, analysis.platform, analysis.diagnostics,
                     static_cast<uint32_t>(catalog.rules.size()), static_cast<uint32_t>(analysis.rules.size()),
                     static_cast<uint32_t>(catalog.items.size()), static_cast<uint32_t>(analysis.items.size())};
    catalog.files.push_back(file);
    for (Rule& rule : analysis.rules) catalog.rules.push_back(std::move(rule));
    for (RepositoryItem& item : analysis.items) catalog.items.push_back(std::move(item));
  }
  catalog.item_rules = {{0}};
  TempDir dir;
  write_site(catalog, nullptr, dir.path);
  const std::string list = read_file(dir.path / "stories.html");
  EXPECT_NE(list.find("Account &lt;Takeover&gt;"), std::string::npos);
  EXPECT_NE(read_file(dir.path / "index.html").find("href=\"stories.html\""), std::string::npos);
  const std::vector<std::string> story_links = attribute_values(list, "href");
  auto story = std::find_if(story_links.begin(), story_links.end(),
                            [](const std::string& href) { return href.starts_with("stories/"); });
  ASSERT_NE(story, story_links.end());
  const std::string story_page = read_file(dir.path / *story);
  EXPECT_NE(story_page.find("Watch &lt;accounts&gt;."), std::string::npos);
  EXPECT_NE(story_page.find("Detection &lt;b&gt;one&lt;/b&gt;"), std::string::npos);
  EXPECT_NE(story_page.find("../" + site::rule_page(catalog.rules[0])), std::string::npos);
  EXPECT_NE(read_file(dir.path / site::rule_page(catalog.rules[0])).find("../" + *story), std::string::npos);
  EXPECT_GT(check_links(dir.path), 10u);
}

// One value per row, linked to its count: each row once held a copy of the
// whole list (quadratic in the values, with the same page written).
TEST(Site, RulePageWorkIsLinearInItsIndicatorValues) {
  std::string list;
  for (int v = 0; v < 4000; ++v) list += (v ? ", \"" : "\"") + std::to_string(1000000 + v) + "\"";
  FileAnalysis analysis = analyze_text(
      "r.yaml", sentinel_yaml("33333333-0000-0000-0000-000000000003", "Many", "SecurityEvent\n| where Process in (" +
                                                                                  list + ")\n"));
  ASSERT_EQ(analysis.rules.size(), 1u);
  Catalog catalog;
  catalog.rules = std::move(analysis.rules);
  fill_corpus_counts(catalog.rules);
  const site::SiteIndex index = site::index_catalog(catalog, nullptr);
  const size_t before = allocated_bytes;
  const std::string page = site::rule_page_html({catalog, index}, 0);
  const size_t allocated = allocated_bytes - before;
  EXPECT_NE(page.find("&quot;1003999&quot;"), std::string::npos);
  EXPECT_LT(allocated, 30 * page.size()) << allocated << " bytes allocated for a page of " << page.size();
}

TEST(Site, UnwritableFolderIsAnErrorNamingIt) {
  TempDir dir;
  fs::create_directories(dir.path);
  std::ofstream(dir.path / "file") << "x";
  EXPECT_THROW(write_site(Catalog{}, nullptr, dir.path / "file" / "site"), std::runtime_error);
}

}  // namespace
}  // namespace ruledex
