#pragma once

#include "live/meeting.hpp"
#include "server/router.hpp"
#include "store/store.hpp"

#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace quorum::server {

// Live facilitation on the server: one live::LiveMeeting per meeting, rebuilt on
// first use by replaying its live events from the store, fed the store's roster
// (participants and their attendance) and agenda, driven by typed commands, and
// ticked by one timer thread at the earliest deadline of all meetings. Every event
// it causes is stored (one transaction per command) before the answer, and reaches
// live subscribers through the store's observer like any other event.
class Facilitation {
public:
    using Clock = std::function<std::int64_t()>; // ms since the epoch

    explicit Facilitation(store::Store& store);
    ~Facilitation();

    void set_clock(Clock clock) { m_clock = std::move(clock); }
    void start(); // the timer thread; also resumes deadlines of meetings live before a restart
    void stop();

    // POST /api/v1/meetings/{id}/commands, GET /api/v1/meetings/{id}/live/state.
    void add_routes(Router& router);

    // The live state as clients render it, for snapshots; nullopt when the meeting
    // has no live state yet (never started, nothing queued).
    // Call with_lock() around it: the caller pairs it with the store's version.
    std::optional<std::string> snapshot_json(const std::string& meeting_id);

    // Runs `read` with no live command in between. Lock order: this, then the
    // store's (commands persist while holding this lock).
    template <typename F> auto with_lock(F&& read) {
        std::lock_guard lock(m_mutex);
        return read();
    }

    // Runs a typed command as `who`. The answer: the events caused, or the reply of
    // a command the server handles (help, agenda+, present+, regrets+).
    struct Outcome {
        std::vector<live::Event> events;
        std::string message;
    };
    Expected<Outcome> run(const store::Principal& who, const std::string& text, text::Language lang);

    // Hands the live meeting the store's roster and agenda now if they changed
    // (the live push calls it after a check-in or an agenda edit).
    void refresh(const std::string& meeting_id);
    // Drops an erased meeting's live state from memory.
    void forget(const std::string& meeting_id);

    // Seconds each participant spoke (queue and round turns), by participant id;
    // empty when the meeting never ran live.
    std::map<std::string, int> speaking_seconds(const std::string& meeting_id);

    // Handles every deadline passed by now. The timer thread calls it; tests that
    // drive a fake clock call it after moving time.
    void tick() { tick_due(); }

private:
    struct Entry {
        live::LiveMeeting meeting;
    };

    Entry* load(const std::string& meeting_id);
    Expected<bool> sync(const std::string& meeting_id, Entry& entry, std::int64_t now);
    Expected<bool> persist(const std::string& meeting_id, const std::string& actor,
                           const std::vector<live::Event>& events);
    Expected<Outcome> run_for_server(const store::Principal& who, const live::Command& command, text::Language lang);
    void run_timer();
    void tick_due();

    store::Store& m_store;
    Clock m_clock;
    std::recursive_mutex m_mutex;
    std::map<std::string, Entry> m_meetings;

    std::mutex m_timer_mutex;
    std::condition_variable m_timer_wake;
    bool m_stopping = false;
    std::thread m_timer;
};

} // namespace quorum::server
