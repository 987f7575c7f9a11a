#include "scripting/document_binding.hpp"

namespace quorum::scripting {

namespace {

constexpr const char* k_blocks_metatable = "quorum.document_blocks";

using SharedPtr = std::shared_ptr<DocumentBinding::Shared>;

const DocumentView& checked_view(lua_State* state) {
    auto* shared = static_cast<SharedPtr*>(luaL_checkudata(state, 1, k_blocks_metatable));
    if (!*shared || !(*shared)->view) {
        luaL_error(state, "this document is no longer available (keep what you need, not the document)");
    }
    return *(*shared)->view;
}

void set_string(lua_State* state, const char* key, std::string_view value) {
    lua_pushlstring(state, value.data(), value.size());
    lua_setfield(state, -2, key);
}

void set_integer(lua_State* state, const char* key, lua_Integer value) {
    lua_pushinteger(state, value);
    lua_setfield(state, -2, key);
}

void set_boolean(lua_State* state, const char* key, bool value) {
    lua_pushboolean(state, value);
    lua_setfield(state, -2, key);
}

void push_block(lua_State* state, const DocumentView& view, size_t index) {
    const markdown::Block& block = view.document->blocks[index];
    lua_createtable(state, 0, 12);
    set_string(state, "kind", markdown::kind_name(block.kind));
    set_string(state, "text", block.text);
    set_integer(state, "line", block.line);
    set_integer(state, "end_line", block.end_line);
    set_integer(state, "level", block.level);
    set_integer(state, "index", static_cast<lua_Integer>(index + 1));
    int section = index < view.block_sections.size() ? view.block_sections[index] : -1;
    if (section >= 0 && static_cast<size_t>(section) < view.section_titles.size()) {
        set_string(state, "section", view.section_titles[section]);
        if (static_cast<size_t>(section) < view.section_is_chat.size() && view.section_is_chat[section]) {
            set_boolean(state, "chat", true);
        }
    }
    if (index < view.block_speakers.size() && !view.block_speakers[index].empty()) {
        set_string(state, "speaker", view.block_speakers[index]);
    }
    if (block.in_quote) {
        set_boolean(state, "in_quote", true);
    }
    if (block.has_strong) {
        set_boolean(state, "strong", true);
    }
    if (block.kind == markdown::BlockKind::ListItem) {
        set_boolean(state, "ordered", block.ordered);
        if (block.ordered) {
            set_integer(state, "number", block.number);
        }
        if (block.checked) {
            set_boolean(state, "checked", *block.checked);
        }
    }
    if (block.kind == markdown::BlockKind::TableRow) {
        lua_createtable(state, static_cast<int>(block.cells.size()), 0);
        for (size_t i = 0; i < block.cells.size(); ++i) {
            lua_pushlstring(state, block.cells[i].data(), block.cells[i].size());
            lua_rawseti(state, -2, static_cast<lua_Integer>(i + 1));
        }
        lua_setfield(state, -2, "cells");
        set_boolean(state, "header", block.is_header_row);
    }
    if (!block.links.empty()) {
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
        lua_setfield(state, -2, "links");
    }
}

int blocks_index(lua_State* state) {
    const DocumentView& view = checked_view(state);
    if (!lua_isinteger(state, 2)) {
        return 0; // doc.blocks.foo → nil, as for a plain list
    }
    lua_Integer index = lua_tointeger(state, 2);
    if (index < 1 || static_cast<size_t>(index) > view.document->blocks.size()) {
        return 0;
    }
    push_block(state, view, static_cast<size_t>(index - 1));
    return 1;
}

int blocks_len(lua_State* state) {
    const DocumentView& view = checked_view(state);
    lua_pushinteger(state, static_cast<lua_Integer>(view.document->blocks.size()));
    return 1;
}

int blocks_gc(lua_State* state) {
    auto* shared = static_cast<SharedPtr*>(luaL_checkudata(state, 1, k_blocks_metatable));
    shared->~SharedPtr();
    return 0;
}

int blocks_newindex(lua_State* state) {
    return luaL_error(state, "doc.blocks is read-only");
}

} // namespace

DocumentBinding::DocumentBinding(const DocumentView& view) : m_shared(std::make_shared<Shared>()) {
    m_shared->view = &view;
}

DocumentBinding::~DocumentBinding() {
    m_shared->view = nullptr;
}

int DocumentBinding::push(lua_State* state) const {
    const DocumentView& view = *m_shared->view;
    lua_createtable(state, 0, 5);
    set_string(state, "language", view.language);
    set_string(state, "date", view.date);
    set_string(state, "title", view.title);
    lua_createtable(state, static_cast<int>(view.participants.size()), 0);
    for (size_t i = 0; i < view.participants.size(); ++i) {
        lua_createtable(state, 0, 2);
        set_string(state, "name", view.participants[i].name);
        set_string(state, "affiliation", view.participants[i].affiliation);
        lua_rawseti(state, -2, static_cast<lua_Integer>(i + 1));
    }
    lua_setfield(state, -2, "participants");

    void* memory = lua_newuserdatauv(state, sizeof(SharedPtr), 0);
    new (memory) SharedPtr(m_shared);
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
    lua_setfield(state, -2, "blocks");
    return 1;
}

} // namespace quorum::scripting
