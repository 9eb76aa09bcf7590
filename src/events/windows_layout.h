#pragma once
// The Sigma convention for Windows events, shared by the EVTX reader and the
// reader of their SigmaHQ JSON rendering so that both give the same fields:
// System elements by name, System attributes as Element_Attribute, EventData
// and UserData values by name (see event_reader.h).

#include <string>
#include <string_view>

#include "events/event.h"

namespace ruledex::events::windows {

// The text of System element `element` (EventID, Channel, EventRecordID -> Event::record).
void add_system_text(Event& event, std::string_view element, std::string_view text, ValueType type);
// Attribute `attribute` of System element `element` as element_attribute
// (TimeCreated_SystemTime -> Event::time); `name` is scratch space.
void add_system_attribute(Event& event, std::string& name, std::string_view element, std::string_view attribute,
                          std::string_view value, ValueType type);

// A GUID without braces (the JSON rendering's) in the braces EVTX writes: into
// `scratch` and returned, or `value` unchanged when it is not a bare GUID.
std::string_view braced_guid(std::string_view value, std::string& scratch);

}  // namespace ruledex::events::windows
