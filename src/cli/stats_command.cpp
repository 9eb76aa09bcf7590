#include "cli/commands.h"

namespace ruledex::cli {
void add_stats_command(CLI::App& app, int& exit_code) { app.add_subcommand("stats", "placeholder"); }
}  // namespace ruledex::cli
