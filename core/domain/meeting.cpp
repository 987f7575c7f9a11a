#include "domain/meeting.hpp"

namespace quorum {

std::string_view status_name(AttendanceStatus status) {
    switch (status) {
    case AttendanceStatus::Present:
        return "present";
    case AttendanceStatus::Excused:
        return "excused";
    case AttendanceStatus::Absent:
        return "absent";
    }
    return "present"; // unreachable with a valid enumerator; keeps -Wreturn-type quiet
}

} // namespace quorum
