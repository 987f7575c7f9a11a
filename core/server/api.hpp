#pragma once

#include "server/meetings.hpp"
#include "server/router.hpp"

namespace quorum::server {

inline constexpr size_t k_default_max_body = 1 << 20; // JSON bodies: 1 MiB
inline constexpr size_t k_max_import_body = 16 << 20; // minutes: the reader's own cap

// Registers every REST route of /api/v1 and the share pages on `router`.
void add_routes(Router& router, Meetings& meetings);

// The routes of attendance imports and export URLs (interop_routes.cpp);
// add_routes calls it.
void add_interop_routes(Router& router, Meetings& meetings);

// A meeting's values for plugin options (plugin_routes.cpp); the server adds them.
void add_plugin_routes(Router& router, Meetings& meetings);

// The OpenAPI 3 description served at /api/v1/openapi.json. Written by hand;
// a test checks that it lists exactly the router's routes.
const std::string& openapi_document();

} // namespace quorum::server
