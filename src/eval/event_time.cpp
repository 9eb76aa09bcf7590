#include "eval/event_time.h"

#include <charconv>
#include <chrono>

namespace ruledex::eval {
namespace {

bool digits(std::string_view text, size_t at, size_t count, int& out) {
  if (at + count > text.size()) return false;
  out = 0;
  for (size_t i = at; i < at + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    out = out * 10 + (text[i] - '0');
  }
  return true;
}

}  // namespace

std::optional<double> parse_event_time(std::string_view text) {
  int year, month, day, hour, minute, second;
  if (digits(text, 0, 4, year) && text.size() >= 19 && text[4] == '-' && digits(text, 5, 2, month) && text[7] == '-' &&
      digits(text, 8, 2, day) && (text[10] == 'T' || text[10] == ' ') && digits(text, 11, 2, hour) && text[13] == ':' &&
      digits(text, 14, 2, minute) && text[16] == ':' && digits(text, 17, 2, second)) {
    using namespace std::chrono;
    year_month_day date{std::chrono::year(year), std::chrono::month(static_cast<unsigned>(month)),
                        std::chrono::day(static_cast<unsigned>(day))};
    if (!date.ok() || hour > 23 || minute > 59 || second > 60) return std::nullopt;
    double seconds = static_cast<double>(sys_days(date).time_since_epoch().count()) * 86400 + hour * 3600 + minute * 60 + second;
    size_t at = 19;
    if (at < text.size() && (text[at] == '.' || text[at] == ',')) {
      double scale = 0.1;
      for (++at; at < text.size() && text[at] >= '0' && text[at] <= '9'; ++at, scale /= 10) seconds += (text[at] - '0') * scale;
    }
    int offset_hours, offset_minutes;
    if (at < text.size() && (text[at] == '+' || text[at] == '-') && digits(text, at + 1, 2, offset_hours)) {
      size_t m = at + 3 < text.size() && text[at + 3] == ':' ? at + 4 : at + 3;
      if (!digits(text, m, 2, offset_minutes)) offset_minutes = 0;
      double offset = offset_hours * 3600.0 + offset_minutes * 60.0;
      seconds += text[at] == '+' ? -offset : offset;
    }
    return seconds;
  }
  double number = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return number > 1e11 ? number / 1000 : number;
}

}  // namespace ruledex::eval
