// Durability: the real `quorum serve` process is killed with SIGKILL in the
// middle of a burst of note saves, restarted on the same database, and every
// save that was answered 2xx must be there, with its text. QUORUM_CRASH_CYCLES
// sets the number of cycles (50 by default; scripts/crash-test runs more).

#include "harness.hpp"

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <map>
#include <mutex>
#include <random>
#include <sys/wait.h>
#include <thread>
#include <vector>

using namespace harness;

namespace {

// A `quorum serve` child on a free port; the port is read from its first line.
class ServerProcess {
public:
    explicit ServerProcess(const fs::path& data) {
        int out[2];
        if (::pipe(out) != 0) {
            throw std::runtime_error("pipe");
        }
        m_pid = ::fork();
        if (m_pid == 0) {
            ::dup2(out[1], STDOUT_FILENO);
            ::close(out[0]);
            ::close(out[1]);
            ::setenv("QUORUM_HOME", QUORUM_SOURCE_ROOT, 1);
            ::execl(QUORUM_BINARY, QUORUM_BINARY, "serve", "--data", data.c_str(), "--port", "0", "--bind", "127.0.0.1",
                    static_cast<char*>(nullptr));
            ::_exit(127);
        }
        ::close(out[1]);
        // Blocks until the server prints its address, which it does once listening.
        FILE* stream = ::fdopen(out[0], "r");
        char line[512] = {};
        m_output = stream;
        std::string text = std::fgets(line, sizeof line, stream) ? line : "";
        if (text.find("serving http://127.0.0.1:") == std::string::npos) {
            // Its reason is on stderr, which the child shares with this test.
            int status = 0;
            ::kill(m_pid, SIGKILL);
            ::waitpid(m_pid, &status, 0);
            std::fclose(stream);
            throw std::runtime_error("quorum serve did not start (status " + std::to_string(status) + "): " + text);
        }
        auto colon = text.find(':', text.find("127.0.0.1"));
        m_port = static_cast<std::uint16_t>(std::stoi(text.substr(colon + 1)));
    }
    ~ServerProcess() {
        kill(SIGKILL);
        if (m_output) {
            std::fclose(m_output);
        }
    }
    void kill(int signal) {
        if (m_pid > 0) {
            ::kill(m_pid, signal);
            int status = 0;
            ::waitpid(m_pid, &status, 0);
            m_pid = -1;
        }
    }
    std::uint16_t port() const { return m_port; }

private:
    pid_t m_pid = -1;
    std::uint16_t m_port = 0;
    FILE* m_output = nullptr;
};

struct Client {
    std::uint16_t port;

    Reply send(const std::string& method, const std::string& path, const std::string& body, const std::string& token) {
        Poco::Net::HTTPClientSession session("127.0.0.1", port);
        session.setTimeout(Poco::Timespan(10, 0));
        Poco::Net::HTTPRequest http(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
        if (!token.empty()) {
            http.set("Authorization", "Bearer " + token);
        }
        if (!body.empty()) {
            http.setContentType("application/json");
            http.setContentLength(static_cast<std::streamsize>(body.size()));
        }
        session.sendRequest(http) << body;
        Reply reply;
        std::istream& in = session.receiveResponse(reply.headers);
        reply.status = reply.headers.getStatus();
        Poco::StreamCopier::copyToString(in, reply.body);
        return reply;
    }
};

int cycles() {
    const char* env = std::getenv("QUORUM_CRASH_CYCLES");
    return env ? std::max(1, std::atoi(env)) : 50;
}

} // namespace

BOOST_AUTO_TEST_SUITE(server_durability_test)

BOOST_AUTO_TEST_CASE(every_answered_save_survives_sigkill) {
    fs::path data = fs::temp_directory_path() / ("quorum-crash-" + std::to_string(::getpid()));
    fs::remove_all(data);
    // Four note-takers, each on an agenda item of their own, save at once: their
    // saves share COMMITs (group commit), and none may be answered before its
    // COMMIT is on disk.
    constexpr int k_writers = 4;
    std::string meeting, key;
    std::vector<std::string> notes(k_writers);
    std::map<std::pair<int, std::int64_t>, std::string> answered; // (writer, revision) → text, for every 2xx
    std::mt19937 random(12345);
    int total = cycles();
    for (int cycle = 0; cycle < total; ++cycle) {
        ServerProcess server(data);
        Client client{server.port()};
        if (cycle == 0) {
            auto created = client.send("POST", "/api/v1/meetings", R"({"title":"Crash test"})", "").json();
            meeting = created->getValue<std::string>("id");
            key = created->getValue<std::string>("facilitator_key");
            for (int w = 0; w < k_writers; ++w) {
                auto item = client
                                .send("POST", "/api/v1/meetings/" + meeting + "/agenda",
                                      R"({"title":"Item )" + std::to_string(w) + "\"}", key)
                                .json();
                notes[w] =
                    "/api/v1/meetings/" + meeting + "/notes/" + std::to_string(item->getValue<std::int64_t>("id"));
            }
        }
        // Everything answered before is still there, word for word.
        for (const auto& [at, text] : answered) {
            auto reply = client.send("GET", notes[at.first] + "/revisions/" + std::to_string(at.second), "", key);
            BOOST_TEST_CONTEXT("cycle " << cycle << ", writer " << at.first << ", revision " << at.second) {
                BOOST_REQUIRE(reply.status == 200);
                BOOST_TEST(reply.json()->getValue<std::string>("text") == text);
            }
        }

        // The burst: the writers save as fast as they can; the kill lands after a
        // random number of answers, while other saves are in flight.
        int kill_after = std::uniform_int_distribution<int>(1, 40)(random);
        std::mutex mutex;
        std::condition_variable changed;
        int acknowledged = 0;
        std::atomic<bool> stop = false;
        std::vector<std::thread> writers;
        for (int w = 0; w < k_writers; ++w) {
            // A save may have committed without its answer reaching us: go on
            // from whatever is current.
            std::int64_t base = client.send("GET", notes[w], "", key).json()->getValue<std::int64_t>("revision");
            writers.emplace_back([&, w, base] {
                Client own{server.port()};
                std::int64_t current = base;
                for (int n = 0; !stop; ++n) {
                    std::string text = "cycle " + std::to_string(cycle) + " writer " + std::to_string(w) + " save " +
                                       std::to_string(n);
                    try {
                        auto reply = own.send(
                            "PUT", notes[w],
                            R"({"base_revision":)" + std::to_string(current) + R"(,"text":")" + text + "\"}", key);
                        if (reply.status != 200) {
                            break;
                        }
                        current = reply.json()->getValue<std::int64_t>("revision");
                        std::lock_guard lock(mutex);
                        answered[{w, current}] = text;
                        ++acknowledged;
                    } catch (const Poco::Exception&) {
                        break; // the server is gone
                    }
                    changed.notify_all();
                }
                changed.notify_all();
            });
        }
        {
            std::unique_lock lock(mutex);
            changed.wait_for(lock, std::chrono::seconds(30), [&] { return acknowledged >= kill_after; });
        }
        server.kill(SIGKILL);
        stop = true;
        for (std::thread& writer : writers) {
            writer.join();
        }
    }
    ServerProcess server(data);
    Client client{server.port()};
    size_t stored = 0;
    for (int w = 0; w < k_writers; ++w) {
        stored += client.send("GET", notes[w] + "/revisions", "", key).array()->size();
    }
    BOOST_TEST(stored >= answered.size());
    BOOST_TEST_MESSAGE(total << " SIGKILL cycles, " << answered.size() << " answered saves by " << k_writers
                             << " writers at once, all present");
    server.kill(SIGKILL);
    fs::remove_all(data);
}

BOOST_AUTO_TEST_CASE(sigterm_stops_the_server_cleanly) {
    fs::path data = fs::temp_directory_path() / ("quorum-term-" + std::to_string(::getpid()));
    fs::remove_all(data);
    {
        ServerProcess server(data);
        Client client{server.port()};
        BOOST_TEST(client.send("GET", "/api/v1/health", "", "").status == 200);
        server.kill(SIGTERM);
    }
    fs::remove_all(data);
}

BOOST_AUTO_TEST_SUITE_END()
