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
    // The participants' names as plugins match them (doc.people); make_view fills
    // it once per document, and a view without it gets it made at each push.
    struct People {
        bool known = false;            // at least one participant has a name
        std::vector<std::string> full; // whole names, folded: "jean-noe roy"
        // their words, and the pieces of hyphenated words: "jean-noe", "jean", "noe", "roy"
        std::vector<std::string> part;
        // a one-word affiliation, folded: "Antoine Claisse (Rockaround)" → "rockaround"
        std::vector<std::string> nickname;
        // the first letters of the words: "hz" for Hadrian Zbarcea (2 to 4, ASCII)
        std::vector<std::string> initials;
    };
    std::shared_ptr<const People> people;
};

// The people index of a list of participants (doc.people), as described above.
DocumentView::People index_people(const std::vector<DocumentView::Person>& participants);

// Exposes a DocumentView to Lua as
//   doc = { language, date, title, participants = {{name, affiliation}…}, blocks = <list>,
//           people = {known, full = {[name] = true}, part = {…}, nickname = {…}, initials = {…}} }
// where doc.people is made when first read (a table per call, from view.people);
// doc.blocks supports #doc.blocks, doc.blocks[i] and ipairs; each block reads as
// a fresh table { kind, text, line, end_line, level, index, section, chat, speaker,
// in_quote, strong, ordered, number, checked, cells, header, links = {{url, text, line,
// autolink, image}…} } (chat is true for blocks in the meeting's chat section; speaker
// is the participant a paragraph opens with, "Name (Org) : …").
//
// Lazily: doc.blocks[i] is an empty table whose metatable reads each field from the
// block when the plugin reads it, so a plugin pays for the blocks and the fields it
// reads, not for all of them (cells and links are made once per block and kept in
// it). Writing a field or pairs() first turns the block into the plain table it
// stands for (every field set, no metatable), so plugins see what they always saw;
// only rawget/next on a block never written nor iterated find it empty, and
// getmetatable(block) is false. Once the binding is destroyed, doc.blocks and the
// blocks taken from it raise an error instead of reading freed memory.
class DocumentBinding {
public:
    explicit DocumentBinding(const DocumentView& view);
    ~DocumentBinding();
    DocumentBinding(const DocumentBinding&) = delete;
    DocumentBinding& operator=(const DocumentBinding&) = delete;

    // Pushes the doc table; returns 1 (the number of values pushed).
    int push(lua_State* state) const;

    // What plugins read through this binding (tests; one binding serves one plugin
    // call at a time): blocks handed out by doc.blocks[i], fields read from them.
    size_t blocks_made() const;
    size_t fields_read() const;

    struct Shared {
        const DocumentView* view = nullptr;
        size_t blocks_made = 0;
        size_t fields_read = 0;
    };

private:
    std::shared_ptr<Shared> m_shared;
};

} // namespace quorum::scripting
