#include "scripting/document_binding.hpp"

#include "util/text.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <new>
#include <utility>
#include <vector>

namespace quorum::scripting {

namespace {

constexpr const char* k_blocks_metatable = "quorum.document_blocks";
constexpr uint64_t k_blocks_magic = 0x71626c6f636b7321; // "qblocks!"

using SharedPtr = std::shared_ptr<DocumentBinding::Shared>;

// Which block each live proxy table stands for, by the table's address: open
// addressing over a power-of-two array. An entry is never removed; when the
// collector frees a proxy and a new one gets its address, the new one overwrites
// it. Only tables carrying the proxies' metatable (which Lua code cannot reach)
// are ever looked up, and each was entered when it was made.
class ProxyIndex {
public:
    void remember(const void* table, uint32_t block) {
        if ((m_used + 1) * 2 > m_slots.size()) {
            grow();
        }
        Slot& slot = find(table);
        if (slot.table == nullptr) {
            ++m_used;
        }
        slot = {table, block};
    }
    bool lookup(const void* table, uint32_t& block) const {
        if (m_slots.empty()) {
            return false;
        }
        const Slot& slot = const_cast<ProxyIndex*>(this)->find(table);
        if (slot.table != table) {
            return false;
        }
        block = slot.block;
        return true;
    }

private:
    struct Slot {
        const void* table = nullptr;
        uint32_t block = 0;
    };
    static size_t hash(const void* table) {
        auto bits = reinterpret_cast<uintptr_t>(table);
        bits ^= bits >> 17;
        bits *= 0x9E3779B97F4A7C15ull;
        return static_cast<size_t>(bits >> 20);
    }
    Slot& find(const void* table) {
        const size_t mask = m_slots.size() - 1;
        size_t at = hash(table) & mask;
        while (m_slots[at].table != nullptr && m_slots[at].table != table) {
            at = (at + 1) & mask;
        }
        return m_slots[at];
    }
    void grow() {
        std::vector<Slot> old = std::move(m_slots);
        m_slots.assign(old.empty() ? 1024 : old.size() * 2, Slot{});
        m_used = 0;
        for (const Slot& slot : old) {
            if (slot.table != nullptr) {
                find(slot.table) = slot;
                ++m_used;
            }
        }
    }
    std::vector<Slot> m_slots;
    size_t m_used = 0;
};

// The userdata behind doc.blocks: one per push, so that bindings pushed into
// several states (plugins on several threads) share nothing mutable.
struct BlocksData {
    uint64_t magic = k_blocks_magic;
    SharedPtr shared;
    ProxyIndex proxies;
};

BlocksData& blocks_data(lua_State* state, int index) {
    auto* data = static_cast<BlocksData*>(lua_touserdata(state, index));
    if (data == nullptr || lua_rawlen(state, index) != sizeof(BlocksData) || data->magic != k_blocks_magic) {
        luaL_error(state, "not the document's blocks");
    }
    return *data;
}

const DocumentView& checked_view(const BlocksData& data, lua_State* state) {
    if (!data.shared || !data.shared->view) {
        luaL_error(state, "this document is no longer available (keep what you need, not the document)");
    }
    return *data.shared->view;
}

// Fields are set raw: a proxy's own fields are filled in place, where its
// metatable's __newindex must not run.
void raw_set(lua_State* state, const char* key) {
    // value on top, table just below it
    lua_pushstring(state, key);
    lua_insert(state, -2);
    lua_rawset(state, -3);
}

void set_string(lua_State* state, const char* key, std::string_view value) {
    lua_pushlstring(state, value.data(), value.size());
    raw_set(state, key);
}

void set_integer(lua_State* state, const char* key, lua_Integer value) {
    lua_pushinteger(state, value);
    raw_set(state, key);
}

void set_boolean(lua_State* state, const char* key, bool value) {
    lua_pushboolean(state, value);
    raw_set(state, key);
}

int section_of(const DocumentView& view, size_t index) {
    int section = index < view.block_sections.size() ? view.block_sections[index] : -1;
    if (section >= 0 && static_cast<size_t>(section) < view.section_titles.size()) {
        return section;
    }
    return -1;
}

bool is_chat(const DocumentView& view, size_t index) {
    int section = section_of(view, index);
    return section >= 0 && static_cast<size_t>(section) < view.section_is_chat.size() && view.section_is_chat[section];
}

void push_cells(lua_State* state, const markdown::Block& block) {
    lua_createtable(state, static_cast<int>(block.cells.size()), 0);
    for (size_t i = 0; i < block.cells.size(); ++i) {
        lua_pushlstring(state, block.cells[i].data(), block.cells[i].size());
        lua_rawseti(state, -2, static_cast<lua_Integer>(i + 1));
    }
}

void push_links(lua_State* state, const markdown::Block& block) {
    lua_createtable(state, static_cast<int>(block.links.size()), 0);
    for (size_t i = 0; i < block.links.size(); ++i) {
        const markdown::Link& link = block.links[i];
        lua_createtable(state, 0, 5);
        set_string(state, "url", link.url);
        set_string(state, "text", link.text);
        set_integer(state, "line", link.line);
        set_boolean(state, "autolink", link.is_autolink);
        set_boolean(state, "image", link.is_image);
        lua_rawseti(state, -2, static_cast<lua_Integer>(i + 1));
    }
}

// Pushes one field of block `index`, or nothing when the block has no such field
// (as a plain table would give nil). Returns the number of values pushed.
// Kinds and section titles repeat from block to block: each is made once per push
// and kept in the strings table at `strings` (kinds at 1…7, section k at 8 + k).
constexpr int k_first_section_string = 8;

void push_cached(lua_State* state, int strings, lua_Integer slot, std::string_view value) {
    if (lua_rawgeti(state, strings, slot) == LUA_TSTRING) {
        return;
    }
    lua_pop(state, 1);
    lua_pushlstring(state, value.data(), value.size());
    lua_pushvalue(state, -1);
    lua_rawseti(state, strings, slot);
}

int push_field(lua_State* state, const DocumentView& view, size_t index, std::string_view key, int strings) {
    const markdown::Block& block = view.document->blocks[index];
    const bool list_item = block.kind == markdown::BlockKind::ListItem;
    const bool table_row = block.kind == markdown::BlockKind::TableRow;
    switch (key.size()) {
    case 4:
        if (key == "text") {
            lua_pushlstring(state, block.text.data(), block.text.size());
            return 1;
        }
        if (key == "kind") {
            push_cached(state, strings, static_cast<lua_Integer>(block.kind) + 1, markdown::kind_name(block.kind));
            return 1;
        }
        if (key == "line") {
            lua_pushinteger(state, block.line);
            return 1;
        }
        if (key == "chat") {
            if (!is_chat(view, index)) {
                return 0;
            }
            lua_pushboolean(state, 1);
            return 1;
        }
        return 0;
    case 5:
        if (key == "level") {
            lua_pushinteger(state, block.level);
            return 1;
        }
        if (key == "index") {
            lua_pushinteger(state, static_cast<lua_Integer>(index + 1));
            return 1;
        }
        if (key == "links") {
            if (block.links.empty()) {
                return 0;
            }
            push_links(state, block);
            return 1;
        }
        if (key == "cells") {
            if (!table_row) {
                return 0;
            }
            push_cells(state, block);
            return 1;
        }
        return 0;
    case 6:
        if (key == "header") {
            if (!table_row) {
                return 0;
            }
            lua_pushboolean(state, block.is_header_row);
            return 1;
        }
        if (key == "strong") {
            if (!block.has_strong) {
                return 0;
            }
            lua_pushboolean(state, 1);
            return 1;
        }
        if (key == "number") {
            if (!list_item || !block.ordered) {
                return 0;
            }
            lua_pushinteger(state, block.number);
            return 1;
        }
        return 0;
    case 7:
        if (key == "section") {
            int section = section_of(view, index);
            if (section < 0) {
                return 0;
            }
            push_cached(state, strings, k_first_section_string + section, view.section_titles[section]);
            return 1;
        }
        if (key == "speaker") {
            if (index >= view.block_speakers.size() || view.block_speakers[index].empty()) {
                return 0;
            }
            const std::string& speaker = view.block_speakers[index];
            lua_pushlstring(state, speaker.data(), speaker.size());
            return 1;
        }
        if (key == "ordered") {
            if (!list_item) {
                return 0;
            }
            lua_pushboolean(state, block.ordered);
            return 1;
        }
        if (key == "checked") {
            if (!list_item || !block.checked) {
                return 0;
            }
            lua_pushboolean(state, *block.checked);
            return 1;
        }
        return 0;
    case 8:
        if (key == "end_line") {
            lua_pushinteger(state, block.end_line);
            return 1;
        }
        if (key == "in_quote") {
            if (!block.in_quote) {
                return 0;
            }
            lua_pushboolean(state, 1);
            return 1;
        }
        return 0;
    default:
        return 0;
    }
}

// Every field, in the order the binding always set them.
constexpr const char* k_fields[] = {"kind",    "text",    "line",    "end_line", "level",  "index",
                                    "section", "chat",    "speaker", "in_quote", "strong", "ordered",
                                    "number",  "checked", "cells",   "header",   "links"};

// Turns a proxy (at `proxy`) into the plain table it stands for: every field it
// does not hold yet is set raw, and its metatable goes.
void materialize(lua_State* state, int proxy, const DocumentView& view, size_t index, int strings) {
    proxy = lua_absindex(state, proxy);
    for (const char* key : k_fields) {
        lua_pushstring(state, key);
        if (lua_rawget(state, proxy) != LUA_TNIL) {
            lua_pop(state, 1);
            continue;
        }
        lua_pop(state, 1);
        if (push_field(state, view, index, key, strings) == 1) {
            lua_pushstring(state, key);
            lua_insert(state, -2);
            lua_rawset(state, proxy);
        }
    }
    lua_pushnil(state);
    lua_setmetatable(state, proxy);
}

// The proxy's metamethods. Upvalues: 1 the doc.blocks userdata (kept alive), 2 its
// BlocksData as a light userdata, 3 the strings table (see push_cached).
constexpr int k_strings = lua_upvalueindex(3);

BlocksData& proxy_data(lua_State* state) {
    return *static_cast<BlocksData*>(lua_touserdata(state, lua_upvalueindex(2)));
}

size_t proxied_block(lua_State* state, const BlocksData& data) {
    uint32_t index = 0;
    if (!data.proxies.lookup(lua_topointer(state, 1), index)) {
        luaL_error(state, "not a block of this document");
    }
    return index;
}

int proxy_index(lua_State* state) {
    BlocksData& data = proxy_data(state);
    const DocumentView& view = checked_view(data, state);
    if (lua_type(state, 2) != LUA_TSTRING) {
        return 0;
    }
    const size_t index = proxied_block(state, data);
    size_t length = 0;
    const char* key = lua_tolstring(state, 2, &length);
    ++data.shared->fields_read;
    const std::string_view name(key, length);
    if (push_field(state, view, index, name, k_strings) == 0) {
        return 0;
    }
    if (lua_type(state, -1) == LUA_TTABLE) {
        // cells and links are one table per block, as they were: kept in the proxy
        lua_pushvalue(state, 2);
        lua_pushvalue(state, -2);
        lua_rawset(state, 1);
    }
    return 1;
}

int proxy_newindex(lua_State* state) {
    BlocksData& data = proxy_data(state);
    const DocumentView& view = checked_view(data, state);
    materialize(state, 1, view, proxied_block(state, data), k_strings);
    lua_settop(state, 3);
    lua_rawset(state, 1);
    return 0;
}

// next, as the base library's: a plugin that redefined the global gets the real one
// from pairs, as it would for a plain table.
int raw_next(lua_State* state) {
    luaL_checktype(state, 1, LUA_TTABLE);
    lua_settop(state, 2);
    if (lua_next(state, 1)) {
        return 2;
    }
    lua_pushnil(state);
    return 1;
}

int proxy_pairs(lua_State* state) {
    BlocksData& data = proxy_data(state);
    const DocumentView& view = checked_view(data, state);
    materialize(state, 1, view, proxied_block(state, data), k_strings);
    lua_pushcfunction(state, raw_next);
    lua_pushvalue(state, 1);
    lua_pushnil(state);
    return 3;
}

int blocks_index(lua_State* state) {
    BlocksData& data = blocks_data(state, 1);
    const DocumentView& view = checked_view(data, state);
    if (!lua_isinteger(state, 2)) {
        return 0; // doc.blocks.foo → nil, as for a plain list
    }
    lua_Integer index = lua_tointeger(state, 2);
    if (index < 1 || static_cast<size_t>(index) > view.document->blocks.size()) {
        return 0;
    }
    // A fresh, empty table whose fields come from the block when read.
    lua_createtable(state, 0, 0);
    lua_getiuservalue(state, 1, 1);
    lua_setmetatable(state, -2);
    data.proxies.remember(lua_topointer(state, -1), static_cast<uint32_t>(index - 1));
    ++data.shared->blocks_made;
    return 1;
}

int blocks_len(lua_State* state) {
    BlocksData& data = blocks_data(state, 1);
    const DocumentView& view = checked_view(data, state);
    lua_pushinteger(state, static_cast<lua_Integer>(view.document->blocks.size()));
    return 1;
}

int blocks_gc(lua_State* state) {
    auto* data = static_cast<BlocksData*>(lua_touserdata(state, 1));
    if (data != nullptr && data->magic == k_blocks_magic) {
        data->~BlocksData();
        data->magic = 0;
    }
    return 0;
}

int blocks_newindex(lua_State* state) {
    return luaL_error(state, "doc.blocks is read-only");
}

void set_plain_string(lua_State* state, const char* key, std::string_view value) {
    lua_pushlstring(state, value.data(), value.size());
    lua_setfield(state, -2, key);
}

// Lua's %s: the C library's spaces.
bool is_lua_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

void push_set(lua_State* state, const char* key, const std::vector<std::string>& words) {
    lua_createtable(state, 0, static_cast<int>(words.size()));
    for (const std::string& word : words) {
        lua_pushlstring(state, word.data(), word.size());
        lua_pushboolean(state, 1);
        lua_rawset(state, -3);
    }
    lua_setfield(state, -2, key);
}

// doc.people, made when first read: the doc table's metatable calls this with
// (doc, key); the blocks' userdata is its upvalue, to reach the view.
int doc_index(lua_State* state) {
    BlocksData& data = blocks_data(state, lua_upvalueindex(1));
    const DocumentView& view = checked_view(data, state);
    if (lua_type(state, 2) != LUA_TSTRING || std::string_view(lua_tostring(state, 2)) != "people") {
        return 0;
    }
    DocumentView::People made;
    const DocumentView::People* people = view.people.get();
    if (people == nullptr) {
        made = index_people(view.participants);
        people = &made;
    }
    lua_createtable(state, 0, 5);
    lua_pushboolean(state, people->known ? 1 : 0);
    lua_setfield(state, -2, "known");
    push_set(state, "full", people->full);
    push_set(state, "part", people->part);
    push_set(state, "nickname", people->nickname);
    push_set(state, "initials", people->initials);
    lua_pushliteral(state, "people");
    lua_pushvalue(state, -2);
    lua_rawset(state, 1); // kept in doc for the next read
    return 1;
}
} // namespace

DocumentView::People index_people(const std::vector<DocumentView::Person>& participants) {
    DocumentView::People people;
    // Repeats are kept: Lua's sets take each word once.
    auto add = [](std::vector<std::string>& set, std::string word) { set.push_back(std::move(word)); };
    for (const DocumentView::Person& person : participants) {
        const std::string name = text::fold(person.name);
        if (name.empty()) {
            continue;
        }
        people.known = true;
        add(people.full, name);
        // Words (runs of non-spaces), and the pieces of a hyphenated word; the
        // initials are what precedes the first word, then each word's first byte.
        std::string initials;
        size_t at = 0;
        while (at < name.size() && is_lua_space(name[at])) {
            initials += name[at++];
        }
        while (at < name.size()) {
            size_t end = at;
            while (end < name.size() && !is_lua_space(name[end])) {
                ++end;
            }
            const std::string_view word(name.data() + at, end - at);
            initials += word.front();
            add(people.part, std::string(word));
            for (size_t piece = 0; piece < word.size();) {
                size_t dash = word.find('-', piece);
                if (dash == std::string_view::npos) {
                    dash = word.size();
                }
                if (dash > piece) {
                    add(people.part, std::string(word.substr(piece, dash - piece)));
                }
                piece = dash + 1;
            }
            at = end;
            while (at < name.size() && is_lua_space(name[at])) {
                ++at;
            }
        }
        const bool ascii = std::none_of(initials.begin(), initials.end(),
                                        [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
        if (initials.size() >= 2 && initials.size() <= 4 && ascii) {
            add(people.initials, initials);
        }
        const std::string nickname = text::fold(person.affiliation);
        if (!nickname.empty() && nickname.size() <= 30 &&
            nickname.find_first_of(" \t\n\v\f\r.,") == std::string::npos) {
            add(people.nickname, nickname);
        }
    }
    return people;
}

DocumentBinding::DocumentBinding(const DocumentView& view) : m_shared(std::make_shared<Shared>()) {
    m_shared->view = &view;
}

DocumentBinding::~DocumentBinding() {
    m_shared->view = nullptr;
}

size_t DocumentBinding::blocks_made() const {
    return m_shared->blocks_made;
}

size_t DocumentBinding::fields_read() const {
    return m_shared->fields_read;
}

int DocumentBinding::push(lua_State* state) const {
    const DocumentView& view = *m_shared->view;
    lua_createtable(state, 0, 5);
    set_plain_string(state, "language", view.language);
    set_plain_string(state, "date", view.date);
    set_plain_string(state, "title", view.title);
    lua_createtable(state, static_cast<int>(view.participants.size()), 0);
    for (size_t i = 0; i < view.participants.size(); ++i) {
        lua_createtable(state, 0, 2);
        set_plain_string(state, "name", view.participants[i].name);
        set_plain_string(state, "affiliation", view.participants[i].affiliation);
        lua_rawseti(state, -2, static_cast<lua_Integer>(i + 1));
    }
    lua_setfield(state, -2, "participants");

    void* memory = lua_newuserdatauv(state, sizeof(BlocksData), 1);
    auto* data = new (memory) BlocksData();
    data->shared = m_shared;
    if (luaL_newmetatable(state, k_blocks_metatable)) {
        lua_pushcfunction(state, blocks_index);
        lua_setfield(state, -2, "__index");
        lua_pushcfunction(state, blocks_len);
        lua_setfield(state, -2, "__len");
        lua_pushcfunction(state, blocks_gc);
        lua_setfield(state, -2, "__gc");
        lua_pushcfunction(state, blocks_newindex);
        lua_setfield(state, -2, "__newindex");
        lua_pushliteral(state, "protected");
        lua_setfield(state, -2, "__metatable");
    }
    lua_setmetatable(state, -2);

    // The blocks' metatable, one per push: its functions reach this push's userdata.
    lua_createtable(state, 0, 4);
    lua_createtable(state, 16, 0); // the strings table
    const lua_CFunction functions[] = {proxy_index, proxy_newindex, proxy_pairs};
    const char* names[] = {"__index", "__newindex", "__pairs"};
    for (size_t i = 0; i < 3; ++i) {
        lua_pushvalue(state, -3);
        lua_pushlightuserdata(state, data);
        lua_pushvalue(state, -3);
        lua_pushcclosure(state, functions[i], 3);
        lua_setfield(state, -3, names[i]);
    }
    lua_pop(state, 1);
    lua_pushboolean(state, 0);
    lua_setfield(state, -2, "__metatable");
    lua_setiuservalue(state, -2, 1);
    lua_setfield(state, -2, "blocks");

    // doc.people when first read (the blocks' userdata, on the stack, reaches the view)
    lua_createtable(state, 0, 1);
    lua_getfield(state, -2, "blocks");
    lua_pushcclosure(state, doc_index, 1);
    lua_setfield(state, -2, "__index");
    lua_setmetatable(state, -2);
    return 1;
}

} // namespace quorum::scripting
