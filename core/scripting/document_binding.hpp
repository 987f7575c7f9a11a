#pragma once

#include "markdown/document.hpp"

#include <lua.hpp>

#include <memory>
#include <string>
#include <vector>

namespace quorum::scripting {

// What a plugin sees of a set of minutes: the flat block model plus what the
// minutes reader found (language, date, title, participants, the section each
// block belongs to).
struct DocumentView {
    const markdown::Document* document = nullptr;
    std::vector<int> block_sections; // per block, index into section_titles or -1
    std::vector<std::string> section_titles;
    std::vector<bool> section_is_chat;       // per section: the meeting's chat
    std::vector<std::string> block_speakers; // per block: who speaks in it ("" when no one is named)
    std::string language;
    std::string date;
    std::string title;
    struct Person {
        std::string name;
        std::string affiliation;
    };
    std::vector<Person> participants;
};

// Exposes a DocumentView to Lua as
//   doc = { language, date, title, participants = {{name, affiliation}…}, blocks = <list> }
// where doc.blocks supports #doc.blocks, doc.blocks[i] and ipairs; each block is a
// fresh table { kind, text, line, end_line, level, section, in_quote, ordered, number,
// checked, cells, header, links = {{url, text, line, autolink, image}…}, strong, chat,
// speaker } (chat is true for blocks in the meeting's chat section; speaker is the
// participant a paragraph opens with, "Name (Org) : …").
// The blocks are built on access so a plugin holds only what it reads. Once the
// binding is destroyed, a stashed doc.blocks raises an error instead of reading
// freed memory.
class DocumentBinding {
public:
    explicit DocumentBinding(const DocumentView& view);
    ~DocumentBinding();
    DocumentBinding(const DocumentBinding&) = delete;
    DocumentBinding& operator=(const DocumentBinding&) = delete;

    // Pushes the doc table; returns 1 (the number of values pushed).
    int push(lua_State* state) const;

    struct Shared {
        const DocumentView* view = nullptr;
    };

private:
    std::shared_ptr<Shared> m_shared;
};

} // namespace quorum::scripting
