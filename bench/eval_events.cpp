#include "eval_events.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iterator>
#include <random>

namespace ruledex::bench {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

// User programs no rule singles out (system programs draw rules on their parents and arguments).
constexpr std::array kExecutables = {"chrome.exe", "msedge.exe", "firefox.exe", "OneDrive.exe", "Teams.exe",
                                     "Code.exe",   "slack.exe",  "Zoom.exe",    "AcroRd32.exe", "Spotify.exe"};
constexpr std::array kArguments = {"--type=renderer", "--field-trial-handle=1844,i,{n}", "-k netsvcs -p", "-s Schedule",
                                   "/background",     "--update {n}",                    "/q /norestart",
                                   "C:\\ProgramData\\Vendor\\config{n}.xml", "-Embedding", "--profile-directory=Default",
                                   "/processid:{n}",  "-ServerName:App{n}.AppX"};
constexpr std::array kUsers = {"NT AUTHORITY\\SYSTEM", "NT AUTHORITY\\LOCAL SERVICE", "NT AUTHORITY\\NETWORK SERVICE"};
constexpr std::array kPathFields = {"Image", "ParentImage", "TargetFilename", "ImageLoaded", "Path", "Process Name"};
constexpr std::array kUserFields = {"User", "ParentUser", "SubjectUserName", "TargetUserName", "Detection User"};
constexpr std::array kIdFields = {"ProcessId", "ParentProcessId", "SourceProcessId", "TargetProcessId"};
constexpr std::array kTimeFields = {"UtcTime", "CreationUtcTime"};

template <size_t N>
bool one_of(const std::array<const char*, N>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

class Variation {
 public:
  explicit Variation(unsigned seed) : random_(seed) {}

  // Event `n` (0-based) made from `event`; `keep_names`: the names, arguments and users stay.
  Json vary(const Json& event, size_t n, bool keep_names) {
    Json out = event;
    Json& root = out["Event"];
    const int64_t millis = kStart + static_cast<int64_t>(n) * kStepMillis;
    if (root.contains("System")) vary_system(root["System"], n, millis);
    if (root.contains("EventData") && root["EventData"].is_object())
      for (auto& [name, value] : root["EventData"].items()) vary_data(name, value, millis, keep_names);
    if (!keep_names && root.contains("EventData") && root["EventData"].is_object()) align_names(root["EventData"]);
    return out;
  }

 private:
  static constexpr int64_t kStart = 1767225600000;  // 2026-01-01T00:00:00Z in ms
  static constexpr int64_t kStepMillis = 1;

  uint32_t below(uint32_t n) { return std::uniform_int_distribution<uint32_t>(0, n - 1)(random_); }

  static std::string time_text(int64_t millis, const char* format, bool micros) {
    std::time_t seconds = static_cast<std::time_t>(millis / 1000);
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    char text[40], fraction[16];
    std::strftime(text, sizeof text, format, &tm);
    std::snprintf(fraction, sizeof fraction, micros ? ".%03d000Z" : ".%03d", static_cast<int>(millis % 1000));
    return std::string(text) + fraction;
  }

  std::string hex(size_t digits, bool upper) {
    static constexpr char kLower[] = "0123456789abcdef", kUpper[] = "0123456789ABCDEF";
    std::string out(digits, '0');
    for (char& c : out) c = (upper ? kUpper : kLower)[below(16)];
    return out;
  }

  // Every run of 8 or more hex digits (GUID parts, hashes) replaced by as many random ones.
  std::string vary_hex(const std::string& text) {
    const bool upper = std::none_of(text.begin(), text.end(), [](char c) { return c >= 'a' && c <= 'f'; });
    std::string out = text;
    for (size_t i = 0; i < out.size();) {
      size_t end = i;
      while (end < out.size() && std::isxdigit(static_cast<unsigned char>(out[end]))) ++end;
      if (end - i >= 8) out.replace(i, end - i, hex(end - i, upper));
      i = std::max(end, i + 1);
    }
    return out;
  }

  std::string with_number(std::string_view pattern) {
    std::string out(pattern);
    size_t at = out.find("{n}");
    if (at != std::string::npos) out.replace(at, 3, std::to_string(below(100000)));
    return out;
  }

  void vary_system(Json& system, size_t n, int64_t millis) {
    system["EventRecordID"] = n + 1;
    system["Computer"] = "host-" + std::to_string(below(2000)) + ".corp.example.com";
    if (system.contains("TimeCreated")) system["TimeCreated"]["#attributes"]["SystemTime"] = time_text(millis, "%Y-%m-%dT%H:%M:%S", true);
    if (system.contains("Execution")) {
      Json& execution = system["Execution"]["#attributes"];
      execution["ProcessID"] = below(20000) * 4;
      execution["ThreadID"] = below(20000) * 4;
    }
  }

  void vary_data(const std::string& name, Json& value, int64_t millis, bool keep_names) {
    if (one_of(kIdFields, name)) {
      uint32_t id = below(60000) * 4;
      value = value.is_string() ? Json(std::to_string(id)) : Json(id);
      return;
    }
    if (!value.is_string()) return;
    std::string text = value.get<std::string>();
    if (one_of(kTimeFields, name)) return void(value = time_text(millis, "%Y-%m-%d %H:%M:%S", false));
    if (name.ends_with("Guid") || name == "Hashes" || name == "Hash") return void(value = vary_hex(text));
    if (keep_names) return;
    if (one_of(kPathFields, name)) return void(value = rename_file(text));
    if (one_of(kUserFields, name)) return void(value = user(text));
    if (name == "TargetObject") return void(value = registry_value(text));
  }

  std::string rename_last(const std::string& path, const std::string& name) {
    size_t slash = path.find_last_of("\\/");
    return slash == std::string::npos ? name : path.substr(0, slash + 1) + name;
  }

  // The same hive, an application's key.
  std::string registry_value(const std::string& key) {
    const std::string hive = key.substr(0, key.find('\\'));
    return hive + "\\SOFTWARE\\Example Software\\App" + std::to_string(below(500)) + "\\Value" + std::to_string(below(5000));
  }

  // The same folder, another file: a common program for executables, a numbered name keeping the extension otherwise.
  std::string rename_file(const std::string& path) {
    size_t slash = path.find_last_of("\\/");
    std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
    size_t dot = base.find_last_of('.');
    std::string extension = dot == std::string::npos ? "" : base.substr(dot);
    std::transform(extension.begin(), extension.end(), extension.begin(), [](unsigned char c) { return std::tolower(c); });
    std::string name = extension == ".exe" && below(3) != 0 ? kExecutables[below(kExecutables.size())]
                                                               : "file" + std::to_string(below(100000)) + data_extension(extension);
    return rename_last(path, name);
  }

  // Executables and libraries stay what they are; other files become plain data files.
  std::string data_extension(const std::string& extension) {
    static constexpr std::array kData = {".tmp", ".log", ".dat", ".json", ".txt"};
    return extension == ".exe" || extension == ".dll" ? extension : kData[below(kData.size())];
  }

  std::string user(const std::string& text) {
    if (below(3) == 0) return kUsers[below(kUsers.size())];
    size_t slash = text.find('\\');
    std::string domain = slash == std::string::npos ? "" : text.substr(0, slash + 1);
    return domain + "user" + std::to_string(below(5000));
  }

  std::string command_line(const std::string& image) {
    std::string out = "\"" + image + "\"";
    for (uint32_t i = below(4); i > 0; --i) out += " " + with_number(kArguments[below(kArguments.size())]);
    return out;
  }

  // Command lines and the original file name follow the renamed images.
  void align_names(Json& data) {
    auto text = [&](const char* name) { return data.contains(name) && data[name].is_string() ? data[name].get<std::string>() : ""; };
    if (std::string image = text("Image"); !image.empty()) {
      if (data.contains("CommandLine")) data["CommandLine"] = command_line(image);
      // The version resource of the program now there, not of the recorded one.
      const std::string name = image.substr(image.find_last_of('\\') + 1);
      if (data.contains("OriginalFileName")) data["OriginalFileName"] = name;
      if (data.contains("Description")) data["Description"] = name.substr(0, name.find_last_of('.'));
      if (data.contains("Product")) data["Product"] = "Example Suite";
      if (data.contains("Company")) data["Company"] = "Example Software Ltd.";
    }
    if (std::string parent = text("ParentImage"); !parent.empty() && data.contains("ParentCommandLine"))
      data["ParentCommandLine"] = command_line(parent);
  }

  std::mt19937 random_;
};

}  // namespace

std::vector<Json> regression_events(const fs::path& shared_dir, std::string& error) {
  const fs::path root = shared_dir / "events/sigma-regression";
  std::vector<Json> events;
  if (!fs::is_directory(root)) {
    error = "shared recordings not found at " + root.string() + " (set RULEDEX_SHARED_DIR)";
    return events;
  }
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(root))
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  for (const fs::path& file : files) {
    std::ifstream in(file);
    while (in >> std::ws && in.peek() != EOF) {
      Json event;
      in >> event;
      if (event.contains("Event") && event["Event"].is_object()) events.push_back(std::move(event));
    }
  }
  if (events.empty()) error = "no recordings under " + root.string();
  return events;
}

void write_varied_events(const std::vector<Json>& templates, const VariedEventsOptions& options, std::ostream& out) {
  Variation variation(options.seed);
  std::mt19937 pick(options.seed + 1);
  std::uniform_real_distribution<double> share(0, 1);
  for (size_t n = 0; n < options.count; ++n) {
    const Json& event = templates[pick() % templates.size()];
    out << variation.vary(event, n, share(pick) < options.matching_share).dump(-1, ' ', false, Json::error_handler_t::replace)
        << '\n';
  }
}

fs::path ensure_varied_events(const fs::path& path, const fs::path& shared_dir, const VariedEventsOptions& options,
                              std::string& error) {
  if (fs::exists(path)) return path;
  std::vector<Json> templates = regression_events(shared_dir, error);
  if (templates.empty()) return {};
  fs::create_directories(path.parent_path());
  const fs::path partial = fs::path(path).concat(".partial");
  {
    std::ofstream out(partial, std::ios::binary | std::ios::trunc);
    write_varied_events(templates, options, out);
    if (!out) {
      error = partial.string() + ": cannot be written";
      return {};
    }
  }
  fs::rename(partial, path);
  return path;
}

std::string repeated_evtx(const fs::path& shared_dir, size_t copies, std::string& error) {
  constexpr size_t kFileHeaderSize = 4096;
  const fs::path root = shared_dir / "events/sigma-regression";
  std::vector<fs::path> files;
  if (fs::is_directory(root))
    for (const auto& entry : fs::recursive_directory_iterator(root))
      if (entry.path().extension() == ".evtx") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  std::string header, chunks;
  for (const fs::path& file : files) {
    std::ifstream in(file, std::ios::binary);
    std::string bytes(std::istreambuf_iterator<char>(in), {});
    if (bytes.size() <= kFileHeaderSize) continue;
    if (header.empty()) header = bytes.substr(0, kFileHeaderSize);
    chunks.append(bytes, kFileHeaderSize);
  }
  if (header.empty()) {
    error = "no EVTX recordings under " + root.string() + " (set RULEDEX_SHARED_DIR)";
    return {};
  }
  std::string out = header;
  out.reserve(header.size() + chunks.size() * copies);
  for (size_t i = 0; i < copies; ++i) out += chunks;
  return out;
}

}  // namespace ruledex::bench
