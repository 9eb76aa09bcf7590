#include "cli/commands.h"

namespace ruledex::cli {
void add_show_command(CLI::App& app, int& exit_code) { app.add_subcommand("show", "placeholder"); }
}  // namespace ruledex::cli
