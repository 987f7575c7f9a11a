#include "scripting/bounded_library.hpp"

#include "util/search.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <ctime>
#include <string_view>

// The pattern matcher below follows Lua 5.4's lstrlib.c (MIT licence, Copyright
// (C) 1994-2022 Lua.org, PUC-Rio) function for function, so that plugins see the
// exact semantics they know; what it adds is a step counter that checks the call's
// deadline. Errors are raised with luaL_error (a longjmp): nothing in these frames
// has a destructor, on purpose.

namespace quorum::scripting {

namespace {

constexpr int k_max_captures = 32;
constexpr int k_max_match_calls = 200;
constexpr int k_cap_unfinished = -1;
constexpr int k_cap_position = -2;
constexpr char k_escape = '%';
constexpr const char* k_specials = "^$*+?.([%-";
// Steps between two looks at the clock: a step is a few nanoseconds, a clock read
// some twenty, so checking every 4096 steps costs nothing and reacts within ~20 µs.
constexpr unsigned k_steps_between_checks = 4096;

CallBudget* budget_of(lua_State* state) {
    return *static_cast<CallBudget**>(lua_getextraspace(state));
}

[[noreturn]] void budget_exceeded(lua_State* state, const char* what) {
    luaL_error(state, "%s exceeded the time budget", what);
    __builtin_unreachable();
}

// Counts work done in one C call and raises an error once the deadline has passed.
struct Ticker {
    lua_State* state = nullptr;
    CallBudget* budget = nullptr;
    unsigned steps = 0;
    const char* what = "pattern matching";

    void tick(size_t cost = 1) {
        steps += static_cast<unsigned>(cost > k_steps_between_checks ? k_steps_between_checks : cost);
        if (steps >= k_steps_between_checks) {
            steps = 0;
            if (budget && budget_spent(*budget)) {
                budget_exceeded(state, what);
            }
        }
    }
};

unsigned char uchar(char c) {
    return static_cast<unsigned char>(c);
}

// A bracket class of the pattern ([%a'-]), found once per match and remembered with
// what it answered for each byte so far.
struct BracketClass {
    const char* p;     // its '['
    const char* end;   // past its ']'
    uint64_t asked[4]; // bit c: byte c was asked about
    uint64_t in[4];    // bit c: and is in the class
};
constexpr int k_bracket_classes = 4; // remembered per match; a pattern with more reads the others each time

struct MatchState {
    const char* src_init;
    const char* src_end;
    const char* p_end;
    lua_State* L;
    int matchdepth;
    unsigned char level;
    struct {
        const char* init;
        ptrdiff_t len;
    } capture[k_max_captures];
    Ticker ticker;
    int bracket_count;
    BracketClass brackets[k_bracket_classes];
};

BracketClass* find_bracket(MatchState* ms, const char* p) {
    for (int i = 0; i < ms->bracket_count; ++i) {
        if (ms->brackets[i].p == p) {
            return &ms->brackets[i];
        }
    }
    return nullptr;
}

const char* do_match(MatchState* ms, const char* s, const char* p);

size_t posrelat_i(lua_Integer pos, size_t len) {
    if (pos > 0) {
        return static_cast<size_t>(pos);
    }
    if (pos == 0) {
        return 1;
    }
    if (pos < -static_cast<lua_Integer>(len)) {
        return 1;
    }
    return len + static_cast<size_t>(pos) + 1;
}

int check_capture(MatchState* ms, int l) {
    l -= '1';
    if (l < 0 || l >= ms->level || ms->capture[l].len == k_cap_unfinished) {
        return luaL_error(ms->L, "invalid capture index %%%d", l + 1);
    }
    return l;
}

int capture_to_close(MatchState* ms) {
    int level = ms->level;
    for (level--; level >= 0; level--) {
        if (ms->capture[level].len == k_cap_unfinished) {
            return level;
        }
    }
    return luaL_error(ms->L, "invalid pattern capture");
}

const char* class_end(MatchState* ms, const char* p) {
    if (*p == '[') {
        if (const BracketClass* known = find_bracket(ms, p)) {
            return known->end;
        }
    }
    const char* start = p;
    switch (*p++) {
    case k_escape: {
        if (p == ms->p_end) {
            luaL_error(ms->L, "malformed pattern (ends with '%%')");
        }
        return p + 1;
    }
    case '[': {
        if (*p == '^') {
            p++;
        }
        do {
            if (p == ms->p_end) {
                luaL_error(ms->L, "malformed pattern (missing ']')");
            }
            if (*(p++) == k_escape && p < ms->p_end) {
                p++;
            }
        } while (*p != ']');
        if (ms->bracket_count < k_bracket_classes) {
            BracketClass& added = ms->brackets[ms->bracket_count++];
            added.p = start;
            added.end = p + 1;
            std::memset(added.asked, 0, sizeof added.asked);
        }
        return p + 1;
    }
    default:
        return p;
    }
}

// Lua's character classes (%a, %d, …) as a table made once from the C library's
// own answers, so that a class test is a lookup instead of two calls.
struct ClassTable {
    uint16_t members[256]{}; // bit k: the byte is in class k of k_class_letters
    int8_t index[256]{};     // a class letter in either case → its k; -1 for other bytes
    bool negated[256]{};     // an upper-case class letter: the complement
};

constexpr std::string_view k_class_letters = "acdglpsuwxz";

ClassTable make_class_table() {
    ClassTable table;
    for (int c = 0; c < 256; ++c) {
        const bool in[] = {std::isalpha(c) != 0,
                           std::iscntrl(c) != 0,
                           std::isdigit(c) != 0,
                           std::isgraph(c) != 0,
                           std::islower(c) != 0,
                           std::ispunct(c) != 0,
                           std::isspace(c) != 0,
                           std::isupper(c) != 0,
                           std::isalnum(c) != 0,
                           std::isxdigit(c) != 0,
                           c == 0};
        for (size_t k = 0; k < k_class_letters.size(); ++k) {
            if (in[k]) {
                table.members[c] |= static_cast<uint16_t>(1u << k);
            }
        }
        const size_t k = k_class_letters.find(static_cast<char>(std::tolower(c)));
        table.index[c] = k == std::string_view::npos ? int8_t{-1} : static_cast<int8_t>(k);
        table.negated[c] = std::isupper(c) != 0;
    }
    return table;
}

const ClassTable k_classes = make_class_table();

int match_class(int c, int cl) {
    const int k = k_classes.index[cl];
    if (k < 0) {
        return cl == c;
    }
    const int res = (k_classes.members[c] >> k) & 1;
    return k_classes.negated[cl] ? !res : res;
}

int match_bracket_class(int c, const char* p, const char* ec) {
    int sig = 1;
    if (*(p + 1) == '^') {
        sig = 0;
        p++;
    }
    while (++p < ec) {
        if (*p == k_escape) {
            p++;
            if (match_class(c, uchar(*p))) {
                return sig;
            }
        } else if (*(p + 1) == '-' && (p + 2 < ec)) {
            p += 2;
            if (uchar(*(p - 2)) <= c && c <= uchar(*p)) {
                return sig;
            }
        } else if (uchar(*p) == c) {
            return sig;
        }
    }
    return !sig;
}

// match_bracket_class for the class at p (ending before ep), remembered per byte.
int bracket_match(MatchState* ms, int c, const char* p, const char* ep) {
    BracketClass* known = find_bracket(ms, p);
    if (known == nullptr) {
        return match_bracket_class(c, p, ep - 1);
    }
    const uint64_t bit = uint64_t{1} << (c & 63);
    if ((known->asked[c >> 6] & bit) == 0) {
        known->asked[c >> 6] |= bit;
        if (match_bracket_class(c, p, ep - 1)) {
            known->in[c >> 6] |= bit;
        } else {
            known->in[c >> 6] &= ~bit;
        }
    }
    return (known->in[c >> 6] & bit) != 0;
}

int single_match(MatchState* ms, const char* s, const char* p, const char* ep) {
    if (s >= ms->src_end) {
        return 0;
    }
    int c = uchar(*s);
    switch (*p) {
    case '.':
        return 1;
    case k_escape:
        return match_class(c, uchar(*(p + 1)));
    case '[':
        return bracket_match(ms, c, p, ep);
    default:
        return uchar(*p) == c;
    }
}

const char* match_balance(MatchState* ms, const char* s, const char* p) {
    if (p >= ms->p_end - 1) {
        luaL_error(ms->L, "malformed pattern (missing arguments to '%%b')");
    }
    if (*s != *p) {
        return nullptr;
    }
    int b = *p;
    int e = *(p + 1);
    int cont = 1;
    while (++s < ms->src_end) {
        ms->ticker.tick();
        if (*s == e) {
            if (--cont == 0) {
                return s + 1;
            }
        } else if (*s == b) {
            cont++;
        }
    }
    return nullptr;
}

const char* max_expand(MatchState* ms, const char* s, const char* p, const char* ep) {
    ptrdiff_t i = 0;
    while (single_match(ms, s + i, p, ep)) {
        ms->ticker.tick();
        i++;
    }
    while (i >= 0) {
        const char* res = do_match(ms, s + i, ep + 1);
        if (res) {
            return res;
        }
        i--;
    }
    return nullptr;
}

const char* min_expand(MatchState* ms, const char* s, const char* p, const char* ep) {
    for (;;) {
        const char* res = do_match(ms, s, ep + 1);
        if (res != nullptr) {
            return res;
        }
        if (single_match(ms, s, p, ep)) {
            s++;
        } else {
            return nullptr;
        }
    }
}

const char* start_capture(MatchState* ms, const char* s, const char* p, int what) {
    int level = ms->level;
    if (level >= k_max_captures) {
        luaL_error(ms->L, "too many captures");
    }
    ms->capture[level].init = s;
    ms->capture[level].len = what;
    ms->level = static_cast<unsigned char>(level + 1);
    const char* res = do_match(ms, s, p);
    if (res == nullptr) {
        ms->level--;
    }
    return res;
}

const char* end_capture(MatchState* ms, const char* s, const char* p) {
    int l = capture_to_close(ms);
    ms->capture[l].len = s - ms->capture[l].init;
    const char* res = do_match(ms, s, p);
    if (res == nullptr) {
        ms->capture[l].len = k_cap_unfinished;
    }
    return res;
}

const char* match_capture(MatchState* ms, const char* s, int l) {
    l = check_capture(ms, l);
    size_t len = static_cast<size_t>(ms->capture[l].len);
    ms->ticker.tick(len / 16);
    if (static_cast<size_t>(ms->src_end - s) >= len && std::memcmp(ms->capture[l].init, s, len) == 0) {
        return s + len;
    }
    return nullptr;
}

const char* do_match(MatchState* ms, const char* s, const char* p) {
    if (ms->matchdepth-- == 0) {
        luaL_error(ms->L, "pattern too complex");
    }
init:
    ms->ticker.tick();
    if (p != ms->p_end) {
        switch (*p) {
        case '(': {
            if (*(p + 1) == ')') {
                s = start_capture(ms, s, p + 2, k_cap_position);
            } else {
                s = start_capture(ms, s, p + 1, k_cap_unfinished);
            }
            break;
        }
        case ')': {
            s = end_capture(ms, s, p + 1);
            break;
        }
        case '$': {
            if ((p + 1) != ms->p_end) {
                goto dflt;
            }
            s = (s == ms->src_end) ? s : nullptr;
            break;
        }
        case k_escape: {
            switch (*(p + 1)) {
            case 'b': {
                s = match_balance(ms, s, p + 2);
                if (s != nullptr) {
                    p += 4;
                    goto init;
                }
                break;
            }
            case 'f': {
                p += 2;
                if (*p != '[') {
                    luaL_error(ms->L, "missing '[' after '%%f' in pattern");
                }
                const char* ep = class_end(ms, p);
                char previous = (s == ms->src_init) ? '\0' : *(s - 1);
                if (!bracket_match(ms, uchar(previous), p, ep) && bracket_match(ms, uchar(*s), p, ep)) {
                    p = ep;
                    goto init;
                }
                s = nullptr;
                break;
            }
            case '0':
            case '1':
            case '2':
            case '3':
            case '4':
            case '5':
            case '6':
            case '7':
            case '8':
            case '9': {
                s = match_capture(ms, s, uchar(*(p + 1)));
                if (s != nullptr) {
                    p += 2;
                    goto init;
                }
                break;
            }
            default:
                goto dflt;
            }
            break;
        }
        default:
        dflt : {
            const char* ep = class_end(ms, p);
            if (!single_match(ms, s, p, ep)) {
                if (*ep == '*' || *ep == '?' || *ep == '-') {
                    p = ep + 1;
                    goto init;
                }
                s = nullptr;
            } else {
                switch (*ep) {
                case '?': {
                    const char* res = do_match(ms, s + 1, ep + 1);
                    if (res != nullptr) {
                        s = res;
                    } else {
                        p = ep + 1;
                        goto init;
                    }
                    break;
                }
                case '+':
                    s++;
                    [[fallthrough]];
                case '*':
                    s = max_expand(ms, s, p, ep);
                    break;
                case '-':
                    s = min_expand(ms, s, p, ep);
                    break;
                default:
                    s++;
                    p = ep;
                    goto init;
                }
            }
            break;
        }
        }
    }
    ms->matchdepth++;
    return s;
}

ptrdiff_t get_onecapture(MatchState* ms, int i, const char* s, const char* e, const char** cap) {
    if (i >= ms->level) {
        if (i != 0) {
            luaL_error(ms->L, "invalid capture index %%%d", i + 1);
        }
        *cap = s;
        return e - s;
    }
    ptrdiff_t capl = ms->capture[i].len;
    *cap = ms->capture[i].init;
    if (capl == k_cap_unfinished) {
        luaL_error(ms->L, "unfinished capture");
    } else if (capl == k_cap_position) {
        lua_pushinteger(ms->L, (ms->capture[i].init - ms->src_init) + 1);
    }
    return capl;
}

void push_onecapture(MatchState* ms, int i, const char* s, const char* e) {
    const char* cap;
    ptrdiff_t l = get_onecapture(ms, i, s, e, &cap);
    if (l != k_cap_position) {
        lua_pushlstring(ms->L, cap, static_cast<size_t>(l));
    }
}

int push_captures(MatchState* ms, const char* s, const char* e) {
    int nlevels = (ms->level == 0 && s) ? 1 : ms->level;
    luaL_checkstack(ms->L, nlevels, "too many captures");
    for (int i = 0; i < nlevels; i++) {
        push_onecapture(ms, i, s, e);
    }
    return nlevels;
}

bool no_specials(const char* p, size_t l) {
    size_t upto = 0;
    do {
        if (std::strpbrk(p + upto, k_specials)) {
            return false;
        }
        upto += std::strlen(p + upto) + 1;
    } while (upto <= l);
    return true;
}

void prepare_state(MatchState* ms, lua_State* L, const char* s, size_t ls, const char* p, size_t lp) {
    ms->L = L;
    ms->matchdepth = k_max_match_calls;
    ms->src_init = s;
    ms->src_end = s + ls;
    ms->p_end = p + lp;
    ms->level = 0;
    ms->ticker = Ticker{L, budget_of(L), 0, "pattern matching"};
    ms->bracket_count = 0;
}

void reprepare_state(MatchState* ms) {
    ms->level = 0;
}

// A plain search, a window of places at a time so that the clock is looked at
// while a long text is searched.
const char* memfind(Ticker& ticker, const char* s1, size_t l1, const char* s2, size_t l2) {
    if (l2 == 0) {
        return s1;
    }
    if (l2 > l1) {
        return nullptr;
    }
    constexpr size_t k_window = 4096; // places the needle could start at, per tick
    const std::string_view needle(s2, l2);
    const size_t places = l1 - l2 + 1;
    for (size_t from = 0; from < places; from += k_window) {
        const size_t count = std::min(k_window, places - from);
        const char* found = text::find_plain({s1 + from, count + l2 - 1}, needle);
        if (found != nullptr) {
            return found;
        }
        ticker.tick(count / 4 * (1 + l2 / 16));
    }
    return nullptr;
}

int str_find_aux(lua_State* L, bool find) {
    size_t ls, lp;
    const char* s = luaL_checklstring(L, 1, &ls);
    const char* p = luaL_checklstring(L, 2, &lp);
    size_t init = posrelat_i(luaL_optinteger(L, 3, 1), ls) - 1;
    if (init > ls) {
        lua_pushnil(L);
        return 1;
    }
    if (find && (lua_toboolean(L, 4) || no_specials(p, lp))) {
        Ticker ticker{L, budget_of(L), 0, "string.find"};
        const char* s2 = memfind(ticker, s + init, ls - init, p, lp);
        if (s2) {
            lua_pushinteger(L, (s2 - s) + 1);
            lua_pushinteger(L, static_cast<lua_Integer>((s2 - s) + lp));
            return 2;
        }
    } else {
        MatchState ms;
        const char* s1 = s + init;
        bool anchor = (*p == '^');
        if (anchor) {
            p++;
            lp--;
        }
        prepare_state(&ms, L, s, ls, p, lp);
        do {
            reprepare_state(&ms);
            const char* res = do_match(&ms, s1, p);
            if (res != nullptr) {
                if (find) {
                    lua_pushinteger(L, (s1 - s) + 1);
                    lua_pushinteger(L, res - s);
                    return push_captures(&ms, nullptr, nullptr) + 2;
                }
                return push_captures(&ms, s1, res);
            }
        } while (s1++ < ms.src_end && !anchor);
    }
    lua_pushnil(L);
    return 1;
}

struct GMatchState {
    const char* src;
    const char* p;
    const char* lastmatch;
    MatchState ms;
};

int gmatch_aux(lua_State* L) {
    auto* gm = static_cast<GMatchState*>(lua_touserdata(L, lua_upvalueindex(3)));
    gm->ms.L = L;
    // Each call of the iterator is its own piece of work, within whatever call is
    // running it now.
    gm->ms.ticker = Ticker{L, budget_of(L), 0, "pattern matching"};
    for (const char* src = gm->src; src <= gm->ms.src_end; src++) {
        reprepare_state(&gm->ms);
        const char* e = do_match(&gm->ms, src, gm->p);
        if (e != nullptr && e != gm->lastmatch) {
            gm->src = gm->lastmatch = e;
            return push_captures(&gm->ms, src, e);
        }
    }
    return 0;
}

void add_s(MatchState* ms, luaL_Buffer* b, const char* s, const char* e) {
    size_t l;
    lua_State* L = ms->L;
    const char* news = lua_tolstring(L, 3, &l);
    const char* p;
    while ((p = static_cast<const char*>(std::memchr(news, k_escape, l))) != nullptr) {
        luaL_addlstring(b, news, static_cast<size_t>(p - news));
        p++;
        if (*p == k_escape) {
            luaL_addchar(b, *p);
        } else if (*p == '0') {
            luaL_addlstring(b, s, static_cast<size_t>(e - s));
        } else if (std::isdigit(uchar(*p))) {
            const char* cap;
            ptrdiff_t resl = get_onecapture(ms, *p - '1', s, e, &cap);
            if (resl == k_cap_position) {
                luaL_addvalue(b);
            } else {
                luaL_addlstring(b, cap, static_cast<size_t>(resl));
            }
        } else {
            luaL_error(L, "invalid use of '%c' in replacement string", k_escape);
        }
        l -= static_cast<size_t>(p + 1 - news);
        news = p + 1;
    }
    luaL_addlstring(b, news, l);
}

int add_value(MatchState* ms, luaL_Buffer* b, const char* s, const char* e, int tr) {
    lua_State* L = ms->L;
    switch (tr) {
    case LUA_TFUNCTION: {
        lua_pushvalue(L, 3);
        int n = push_captures(ms, s, e);
        lua_call(L, n, 1);
        break;
    }
    case LUA_TTABLE: {
        push_onecapture(ms, 0, s, e);
        lua_gettable(L, 3);
        break;
    }
    default: {
        add_s(ms, b, s, e);
        return 1;
    }
    }
    if (!lua_toboolean(L, -1)) {
        lua_pop(L, 1);
        luaL_addlstring(b, s, static_cast<size_t>(e - s));
        return 0;
    }
    if (!lua_isstring(L, -1)) {
        return luaL_error(L, "invalid replacement value (a %s)", luaL_typename(L, -1));
    }
    luaL_addvalue(b);
    return 1;
}

// Bytes the state may still allocate; SIZE_MAX without a counting allocator.
size_t memory_left(lua_State* state) {
    CallBudget* budget = budget_of(state);
    if (!budget || !budget->memory_used || !budget->memory_limit) {
        return SIZE_MAX;
    }
    size_t used = *budget->memory_used;
    size_t limit = *budget->memory_limit;
    return used >= limit ? 0 : limit - used;
}

int bounded_rep(lua_State* L) {
    size_t l, lsep;
    const char* s = luaL_checklstring(L, 1, &l);
    lua_Integer n = luaL_checkinteger(L, 2);
    const char* sep = luaL_optlstring(L, 3, "", &lsep);
    // lstrlib loops n times even when every piece is empty: string.rep("", 2^62)
    // would never return.
    if (n <= 0 || l + lsep == 0) {
        lua_pushliteral(L, "");
        return 1;
    }
    size_t count = static_cast<size_t>(n);
    if (l + lsep < l || (l + lsep) > SIZE_MAX / 2 / count) {
        return luaL_error(L, "resulting string too large");
    }
    size_t total = count * l + (count - 1) * lsep;
    if (total > memory_left(L)) {
        return luaL_error(L, "string.rep: a result of %I bytes exceeds the memory budget",
                          static_cast<LUAI_UACINT>(total));
    }
    luaL_Buffer b;
    char* p = luaL_buffinitsize(L, &b, total);
    while (count-- > 1) {
        std::memcpy(p, s, l);
        p += l;
        if (lsep > 0) {
            std::memcpy(p, sep, lsep);
            p += lsep;
        }
    }
    std::memcpy(p, s, l);
    luaL_pushresultsize(&b, total);
    return 1;
}

constexpr int k_tab_r = 1;
constexpr int k_tab_w = 2;
constexpr int k_tab_l = 4;

int check_field(lua_State* L, const char* key, int n) {
    lua_pushstring(L, key);
    return lua_rawget(L, -n) != LUA_TNIL;
}

void check_table(lua_State* L, int arg, int what) {
    if (lua_type(L, arg) != LUA_TTABLE) {
        int n = 1;
        if (lua_getmetatable(L, arg) && (!(what & k_tab_r) || check_field(L, "__index", ++n)) &&
            (!(what & k_tab_w) || check_field(L, "__newindex", ++n)) &&
            (!(what & k_tab_l) || check_field(L, "__len", ++n))) {
            lua_pop(L, n);
        } else {
            luaL_checktype(L, arg, LUA_TTABLE);
        }
    }
}

lua_Integer aux_getn(lua_State* L, int n, int w) {
    check_table(L, n, w | k_tab_l);
    return luaL_len(L, n);
}

Ticker table_ticker(lua_State* L, const char* what) {
    return Ticker{L, budget_of(L), 0, what};
}

int bounded_concat(lua_State* L) {
    lua_Integer last = aux_getn(L, 1, k_tab_r);
    size_t lsep;
    const char* sep = luaL_optlstring(L, 2, "", &lsep);
    lua_Integer first = luaL_optinteger(L, 3, 1);
    last = luaL_optinteger(L, 4, last);
    // First the size, so that a result the budget cannot hold is refused before
    // anything is allocated.
    Ticker ticker = table_ticker(L, "table.concat");
    size_t left = memory_left(L);
    size_t total = 0;
    for (lua_Integer i = first; i <= last; i++) {
        ticker.tick();
        lua_geti(L, 1, i);
        if (!lua_isstring(L, -1)) {
            return luaL_error(L, "invalid value (at index %I) in table for 'concat'", static_cast<LUAI_UACINT>(i));
        }
        size_t length = 0;
        lua_tolstring(L, -1, &length);
        lua_pop(L, 1);
        total += length + (i < last ? lsep : 0);
        if (total > left) {
            return luaL_error(L, "table.concat: the result exceeds the memory budget");
        }
        if (i == LUA_MAXINTEGER) {
            break;
        }
    }
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    lua_Integer i = first;
    for (; i < last; i++) {
        ticker.tick();
        lua_geti(L, 1, i);
        if (!lua_isstring(L, -1)) {
            return luaL_error(L, "invalid value (at index %I) in table for 'concat'", static_cast<LUAI_UACINT>(i));
        }
        luaL_addvalue(&b);
        luaL_addlstring(&b, sep, lsep);
    }
    if (i == last) {
        lua_geti(L, 1, i);
        if (!lua_isstring(L, -1)) {
            return luaL_error(L, "invalid value (at index %I) in table for 'concat'", static_cast<LUAI_UACINT>(i));
        }
        luaL_addvalue(&b);
    }
    luaL_pushresult(&b);
    return 1;
}

int bounded_insert(lua_State* L) {
    lua_Integer e = aux_getn(L, 1, k_tab_r | k_tab_w);
    e = static_cast<lua_Integer>(static_cast<lua_Unsigned>(e) + 1u);
    lua_Integer pos;
    switch (lua_gettop(L)) {
    case 2:
        pos = e;
        break;
    case 3: {
        pos = luaL_checkinteger(L, 2);
        luaL_argcheck(L, static_cast<lua_Unsigned>(pos) - 1u < static_cast<lua_Unsigned>(e), 2,
                      "position out of bounds");
        Ticker ticker = table_ticker(L, "table.insert");
        for (lua_Integer i = e; i > pos; i--) {
            ticker.tick();
            lua_geti(L, 1, i - 1);
            lua_seti(L, 1, i);
        }
        break;
    }
    default:
        return luaL_error(L, "wrong number of arguments to 'insert'");
    }
    lua_seti(L, 1, pos);
    return 0;
}

int bounded_remove(lua_State* L) {
    lua_Integer size = aux_getn(L, 1, k_tab_r | k_tab_w);
    lua_Integer pos = luaL_optinteger(L, 2, size);
    if (pos != size) {
        luaL_argcheck(L, static_cast<lua_Unsigned>(pos) - 1u <= static_cast<lua_Unsigned>(size), 2,
                      "position out of bounds");
    }
    lua_geti(L, 1, pos);
    Ticker ticker = table_ticker(L, "table.remove");
    for (; pos < size; pos++) {
        ticker.tick();
        lua_geti(L, 1, pos + 1);
        lua_seti(L, 1, pos);
    }
    lua_pushnil(L);
    lua_seti(L, 1, pos);
    return 1;
}

int bounded_move(lua_State* L) {
    lua_Integer f = luaL_checkinteger(L, 2);
    lua_Integer e = luaL_checkinteger(L, 3);
    lua_Integer t = luaL_checkinteger(L, 4);
    int tt = !lua_isnoneornil(L, 5) ? 5 : 1;
    check_table(L, 1, k_tab_r);
    check_table(L, tt, k_tab_w);
    if (e >= f) {
        luaL_argcheck(L, f > 0 || e < LUA_MAXINTEGER + f, 3, "too many elements to move");
        lua_Integer n = e - f + 1;
        luaL_argcheck(L, t <= LUA_MAXINTEGER - n + 1, 4, "destination wrap around");
        Ticker ticker = table_ticker(L, "table.move");
        if (t > e || t <= f || (tt != 1 && !lua_compare(L, 1, tt, LUA_OPEQ))) {
            for (lua_Integer i = 0; i < n; i++) {
                ticker.tick();
                lua_geti(L, 1, f + i);
                lua_seti(L, tt, t + i);
            }
        } else {
            for (lua_Integer i = n - 1; i >= 0; i--) {
                ticker.tick();
                lua_geti(L, 1, f + i);
                lua_seti(L, tt, t + i);
            }
        }
    }
    lua_pushvalue(L, tt);
    return 1;
}

} // namespace

std::chrono::nanoseconds thread_cpu_time() {
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return std::chrono::seconds(now.tv_sec) + std::chrono::nanoseconds(now.tv_nsec);
}

bool budget_spent(CallBudget& budget) {
    auto now = std::chrono::steady_clock::now();
    if (now <= budget.deadline) {
        return false;
    }
    if (budget.cpu_limit.count() == 0 || now > budget.wall_limit) {
        return true;
    }
    std::chrono::nanoseconds used = thread_cpu_time() - budget.cpu_start;
    if (used >= budget.cpu_limit) {
        return true;
    }
    // The thread waited: what is left of the budget starts now.
    budget.deadline = std::min(budget.wall_limit, now + (budget.cpu_limit - used));
    return false;
}

void set_call_budget(lua_State* state, CallBudget* budget) {
    *static_cast<CallBudget**>(lua_getextraspace(state)) = budget;
}

int bounded_find(lua_State* state) {
    return str_find_aux(state, true);
}

int bounded_match(lua_State* state) {
    return str_find_aux(state, false);
}

int bounded_gmatch(lua_State* L) {
    size_t ls, lp;
    const char* s = luaL_checklstring(L, 1, &ls);
    const char* p = luaL_checklstring(L, 2, &lp);
    size_t init = posrelat_i(luaL_optinteger(L, 3, 1), ls) - 1;
    lua_settop(L, 2);
    auto* gm = static_cast<GMatchState*>(lua_newuserdatauv(L, sizeof(GMatchState), 0));
    if (init > ls) {
        init = ls + 1;
    }
    prepare_state(&gm->ms, L, s, ls, p, lp);
    gm->src = s + init;
    gm->p = p;
    gm->lastmatch = nullptr;
    lua_pushcclosure(L, gmatch_aux, 3);
    return 1;
}

int bounded_gsub(lua_State* L) {
    size_t srcl, lp;
    const char* src = luaL_checklstring(L, 1, &srcl);
    const char* p = luaL_checklstring(L, 2, &lp);
    const char* lastmatch = nullptr;
    int tr = lua_type(L, 3);
    lua_Integer max_s = luaL_optinteger(L, 4, static_cast<lua_Integer>(srcl) + 1);
    bool anchor = (*p == '^');
    lua_Integer n = 0;
    int changed = 0;
    MatchState ms;
    luaL_Buffer b;
    luaL_argexpected(L, tr == LUA_TNUMBER || tr == LUA_TSTRING || tr == LUA_TFUNCTION || tr == LUA_TTABLE, 3,
                     "string/function/table");
    luaL_buffinit(L, &b);
    if (anchor) {
        p++;
        lp--;
    }
    prepare_state(&ms, L, src, srcl, p, lp);
    while (n < max_s) {
        reprepare_state(&ms);
        const char* e = do_match(&ms, src, p);
        if (e != nullptr && e != lastmatch) {
            n++;
            changed = add_value(&ms, &b, src, e, tr) | changed;
            src = lastmatch = e;
        } else if (src < ms.src_end) {
            luaL_addchar(&b, *src++);
        } else {
            break;
        }
        if (anchor) {
            break;
        }
    }
    if (!changed) {
        lua_pushvalue(L, 1);
    } else {
        luaL_addlstring(&b, src, static_cast<size_t>(ms.src_end - src));
        luaL_pushresult(&b);
    }
    lua_pushinteger(L, n);
    return 2;
}

void open_bounded_library(lua_State* state) {
    lua_getglobal(state, "string");
    if (lua_istable(state, -1)) {
        static const luaL_Reg k_string[] = {{"find", bounded_find},     {"match", bounded_match},
                                            {"gmatch", bounded_gmatch}, {"gsub", bounded_gsub},
                                            {"rep", bounded_rep},       {nullptr, nullptr}};
        luaL_setfuncs(state, k_string, 0);
    }
    lua_pop(state, 1);
    lua_getglobal(state, "table");
    if (lua_istable(state, -1)) {
        static const luaL_Reg k_table[] = {{"concat", bounded_concat},
                                           {"insert", bounded_insert},
                                           {"remove", bounded_remove},
                                           {"move", bounded_move},
                                           {nullptr, nullptr}};
        luaL_setfuncs(state, k_table, 0);
    }
    lua_pop(state, 1);
}

} // namespace quorum::scripting
