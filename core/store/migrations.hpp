#pragma once

#include "store/sqlite.hpp"

#include <string_view>
#include <vector>

namespace quorum::store {

// The schema, as numbered steps: migration N (1-based) is k_migrations[N - 1].
// Steps are only ever appended, never edited: a database at version N has run
// exactly the first N, whichever release created it.
const std::vector<std::string_view>& migrations();

// Runs every step past the database's schema_version, each in its own
// transaction with the version bump. Returns the version reached. A database
// from a newer quorum (version beyond ours) is refused with SqliteError.
int migrate(Database& db);

int schema_version(Database& db);

} // namespace quorum::store
