#include <CLI/CLI.hpp>

#include "cli/commands.h"

int main(int argc, char** argv) {
  CLI::App app{"ruledex: catalog and analyzer for security detection rules"};
  app.require_subcommand(1);
  int exit_code = 0;
  ruledex::cli::add_show_command(app, exit_code);
  ruledex::cli::add_stats_command(app, exit_code);
  ruledex::cli::add_build_command(app, exit_code);
  ruledex::cli::add_search_command(app, exit_code);
  ruledex::cli::add_test_command(app, exit_code);
  ruledex::cli::add_hunt_command(app, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : 2;  // usage errors exit 2
  }
  return exit_code;
}
