#pragma once

namespace quorum::scripting {

class Plugin;

// Installs, in the plugin's fresh sandbox, the `plugin` global (hook, depends,
// option_*) and the `quorum` host namespace (docs/plugins.md lists every function).
void install_api(Plugin& plugin);

} // namespace quorum::scripting
