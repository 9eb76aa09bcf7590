#pragma once
// The subcommands of the ruledex tool. Each registers its options on the
// CLI11 app and returns the exit code through the callback's int.

#include <CLI/CLI.hpp>

namespace ruledex::cli {

void add_show_command(CLI::App& app, int& exit_code);
void add_stats_command(CLI::App& app, int& exit_code);
void add_build_command(CLI::App& app, int& exit_code);
void add_search_command(CLI::App& app, int& exit_code);
void add_test_command(CLI::App& app, int& exit_code);
void add_hunt_command(CLI::App& app, int& exit_code);

}  // namespace ruledex::cli
