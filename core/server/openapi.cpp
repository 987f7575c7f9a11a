#include "server/api.hpp"

namespace quorum::server {

// Kept by hand beside the route table in api.cpp; tests/integration compares the
// two (every path and method here is routed, every route is here).
const std::string& openapi_document() {
    static const std::string k_document = R"json({
 "openapi": "3.0.3",
 "info": {
  "title": "quorum",
  "version": "0.1.0",
  "description": "Meetings: agenda, participants, attendance, notes with revisions, extracted items, summaries, share links. Errors are {\"error\":{\"code\",\"message\",\"field\"}}; the message is in French or English, as ?lang=fr|en or else Accept-Language asks (English by default)."
 },
 "paths": {
  "/api/v1/health": {
   "get": {
    "summary": "Liveness and schema version",
    "responses": {
     "200": {
      "description": "OK"
     },
     "default": {
      "description": "An error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    }
   }
  },
  "/api/v1/openapi.json": {
   "get": {
    "summary": "This API's OpenAPI description",
    "responses": {
     "200": {
      "description": "OK"
     },
     "default": {
      "description": "An error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    }
   }
  },
  "/api/v1/meetings": {
   "post": {
    "summary": "Create a meeting; returns its facilitator key once",
    "responses": {
     "default": {
      "description": "An error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "201": {
      "description": "Created"
     },
     "403": {
      "description": "The server is closed to creation without its token"
     },
     "429": {
      "description": "Too many creations from this address: wait the seconds in Retry-After"
     }
    },
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/MeetingFields"
       }
      }
     }
    }
   }
  },
  "/api/v1/meetings/import": {
   "post": {
    "summary": "Create a meeting from Markdown minutes or an agenda",
    "responses": {
     "default": {
      "description": "An error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "201": {
      "description": "Created"
     },
     "403": {
      "description": "The server is closed to creation without its token"
     },
     "429": {
      "description": "Too many creations from this address: wait the seconds in Retry-After"
     }
    },
    "parameters": [
     {
      "name": "timezone",
      "in": "query",
      "required": false,
      "description": "The IANA time zone the minutes' times are in (America/Toronto); absent: the server's",
      "schema": {
       "type": "string"
      }
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "text/markdown": {
       "schema": {
        "type": "string"
       }
      },
      "text/plain": {
       "schema": {
        "type": "string"
       }
      }
     }
    }
   }
  },
  "/api/v1/meetings/{id}": {
   "get": {
    "summary": "The meeting: header, agenda, note revisions",
    "responses": {
     "200": {
      "description": "OK"
     },
     "default": {
      "description": "An error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "security": [
     {
      "bearer": []
     }
    ],
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     }
    ]
   },
   "patch": {
    "summary": "Change the meeting's header",
    "responses": {
     "200": {
      "description": "OK"
     },
     "default": {
      "description": "An error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "security": [
     {
      "bearer": []
     }
    ],
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/MeetingFields"
       }
      }
     }
    }
   },
   "delete": {
    "summary": "Erase the meeting and everything about it",
    "responses": {
     "200": {
      "description": "OK"
     },
     "default": {
      "description": "An error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "security": [
     {
      "bearer": []
     }
    ],
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     }
    ]
   }
  },
  "/api/v1/meetings/{id}/commands": {
   "post": {
    "summary": "Run a facilitation command typed in French or English: q+, q+ to say …, qq+, q-, ack next, close the queue, agenda+ …, next item / point suivant, give this item 10 minutes / 10 minutes de plus, time speakers at 2m / 2 min par personne, round 2m shuffle / tour de table 2 min, pass / je passe, present+ Name / présent+ Nom, regrets+ Name / excusé+ Nom, help. The caller's role decides which commands run; an unknown command gets 422 with the closest known ones.",
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "type": "object",
        "additionalProperties": false,
        "required": [
         "command"
        ],
        "properties": {
         "command": {
          "type": "string",
          "maxLength": 2000
         },
         "lang": {
          "type": "string",
          "enum": [
           "fr",
           "en"
          ],
          "description": "The language of the answer and of the keywords; defaults to the meeting's"
         }
        }
       }
      }
     }
    },
    "responses": {
     "200": {
      "description": "Done: {ok, events: [{type, at_ms, data}], message?}"
     },
     "default": {
      "description": "An error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "security": [
     {
      "bearer": []
     }
    ]
   }
  },
  "/api/v1/meetings/{id}/live/state": {
   "get": {
    "summary": "The live state: agenda clock and running schedule, speaker queue, round, speaking times",
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     }
    ],
    "responses": {
     "200": {
      "description": "OK"
     },
     "default": {
      "description": "An error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "security": [
     {
      "bearer": []
     }
    ]
   }
  },
  "/api/v1/meetings/{id}/plugins/{plugin}/options": {
   "get": {
    "summary": "A plugin's options (name, type) and this meeting's values for them (meeting_value, null when the server's value applies)",
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "plugin",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string",
       "pattern": "^[a-z0-9_-]{1,64}$"
      }
     }
    ],
    "responses": {
     "200": {
      "description": "OK"
     },
     "default": {
      "description": "An error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "security": [
     {
      "bearer": []
     }
    ]
   },
   "put": {
    "summary": "Set this meeting's values for a plugin's options, replacing its previous ones; values are text as in quorum.properties, parsed and clamped by the plugin",
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "plugin",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string",
       "pattern": "^[a-z0-9_-]{1,64}$"
      }
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "type": "object",
        "additionalProperties": false,
        "required": [
         "options"
        ],
        "properties": {
         "options": {
          "type": "object",
          "additionalProperties": {
           "type": [
            "string",
            "number",
            "boolean"
           ]
          }
         }
        }
       }
      }
     }
    },
    "responses": {
     "200": {
      "description": "The options as GET gives them"
     },
     "default": {
      "description": "An error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "security": [
     {
      "bearer": []
     }
    ]
   }
  },
  "/api/v1/meetings/{id}/live": {
   "get": {
    "summary": "Live updates over WebSocket (RFC 6455). The first message is a snapshot {type: snapshot, seq, server_time_ms, audience, meeting}; then one message per event {type: event, seq, server_time_ms, event: {type, at, actor, data}}. seq is the meeting's version and has no gaps; a client that reconnects with ?since= gets what it missed, or a new snapshot. Viewers (a public share token) see public events only, without data for the others; members other than the facilitator get no e-mail addresses, and no one gets a token hash. Revoking the share link, issuing a new personal token or erasing the meeting closes the socket with code 1008 and a reason.",
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "token",
      "in": "query",
      "required": false,
      "description": "A personal token, the facilitator key or a public share token (or send it as a bearer token)",
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "since",
      "in": "query",
      "required": false,
      "description": "The last seq this client saw",
      "schema": {
       "type": "integer",
       "minimum": 0
      }
     }
    ],
    "responses": {
     "101": {
      "description": "Switching Protocols: the WebSocket is open"
     },
     "426": {
      "description": "Not a WebSocket handshake",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "default": {
      "description": "An error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    }
   }
  },
  "/api/v1/meetings/{id}/events": {
   "get": {
    "summary": "The meeting's event log",
    "responses": {
     "200": {
      "description": "OK"
     },
     "default": {
      "description": "An error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "security": [
     {
      "bearer": []
     }
    ],
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     }
    ]
   }
  },
  "/api/v1/meetings/{id}/agenda": {
   "post": {
    "summary": "Add an agenda item",
    "responses": {
     "default": {
      "description": "An error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "201": {
      "description": "Created"
     }
    },
    "security": [
     {
      "bearer": []
     }
    ],
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/AgendaFields"
       }
      }
     }
    }
   }
  },
  "/api/v1/meetings/{id}/agenda/reorder": {
   "put": {
    "summary": "Set the agenda's order and nesting",
    "responses": {
     "200": {
      "description": "OK"
     },
     "default": {
      "description": "An error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "security": [
     {
      "bearer": []
     }
    ],
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/Reorder"
       }
      }
     }
    }
   }
  },
  "/api/v1/meetings/{id}/agenda/{item}": {
   "patch": {
    "summary": "Change an agenda item (duration_seconds: null takes the duration away)",
    "responses": {
     "200": {
      "description": "OK"
     },
     "default": {
      "description": "An error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "security": [
     {
      "bearer": []
     }
    ],
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "item",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/AgendaFields"
       }
      }
     }
    }
   },
   "delete": {
    "summary": "Delete an agenda item, its sub-items and their notes",
    "responses": {
     "200": {
      "description": "OK"
     },
     "default": {
      "description": "An error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "security": [
     {
      "bearer": []
     }
    ],
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "item",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     }
    ]
   }
  },
  "/api/v1/meetings/{id}/participants": {
   "get": {
    "summary": "Participants and attendance (e-mail addresses only to the facilitator, and one's own)",
    "responses": {
     "200": {
      "description": "OK"
     },
     "default": {
      "description": "An error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "security": [
     {
      "bearer": []
     }
    ],
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     }
    ]
   },
   "post": {
    "summary": "Invite a participant; returns their personal token once",
    "responses": {
     "default": {
      "description": "An error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "201": {
      "description": "Created"
     }
    },
    "security": [
     {
      "bearer": []
     }
    ],
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/Invite"
       }
      }
     }
    }
   }
  },
  "/api/v1/meetings/{id}/participants/{participant}/token": {
   "post": {
    "summary": "Issue a new personal token",
    "responses": {
     "default": {
      "description": "An error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "201": {
      "description": "Created"
     }
    },
    "security": [
     {
      "bearer": []
     }
    ],
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "participant",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     }
    ]
   }
  },
  "/api/v1/meetings/{id}/participants/{participant}/check-in": {
   "post": {
    "summary": "Check in",
    "responses": {
     "200": {
      "description": "OK"
     },
     "default": {
      "description": "An error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "security": [
     {
      "bearer": []
     }
    ],
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "participant",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     }
    ]
   }
  },
  "/api/v1/meetings/{id}/participants/{participant}/check-out": {
   "post": {
    "summary": "Check out",
    "responses": {
     "200": {
      "description": "OK"
     },
     "default": {
      "description": "An error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "security": [
     {
      "bearer": []
     }
    ],
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "participant",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     }
    ]
   }
  },
  "/api/v1/meetings/{id}/participants/{participant}/status": {
   "put": {
    "summary": "Mark attendance",
    "responses": {
     "200": {
      "description": "OK"
     },
     "default": {
      "description": "An error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "security": [
     {
      "bearer": []
     }
    ],
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "participant",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/Status"
       }
      }
     }
    }
   }
  },
  "/api/v1/meetings/{id}/notes/{item}": {
   "get": {
    "summary": "An agenda item's current notes",
    "responses": {
     "200": {
      "description": "OK"
     },
     "default": {
      "description": "An error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "security": [
     {
      "bearer": []
     }
    ],
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "item",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     }
    ]
   },
   "put": {
    "summary": "Save notes as a new revision; 409 on a stale base",
    "responses": {
     "200": {
      "description": "OK"
     },
     "default": {
      "description": "An error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "security": [
     {
      "bearer": []
     }
    ],
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "item",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/NoteSave"
       }
      }
     }
    }
   }
  },
  "/api/v1/meetings/{id}/notes/{item}/revisions": {
   "get": {
    "summary": "Note history",
    "responses": {
     "200": {
      "description": "OK"
     },
     "default": {
      "description": "An error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "security": [
     {
      "bearer": []
     }
    ],
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "item",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     }
    ]
   }
  },
  "/api/v1/meetings/{id}/notes/{item}/revisions/{revision}": {
   "get": {
    "summary": "One revision of notes",
    "responses": {
     "200": {
      "description": "OK"
     },
     "default": {
      "description": "An error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "security": [
     {
      "bearer": []
     }
    ],
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "item",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "revision",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     }
    ]
   }
  },
  "/api/v1/meetings/{id}/items": {
   "get": {
    "summary": "Extracted items with provenance and state",
    "responses": {
     "200": {
      "description": "OK"
     },
     "default": {
      "description": "An error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "security": [
     {
      "bearer": []
     }
    ],
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     }
    ]
   }
  },
  "/api/v1/meetings/{id}/items/{item}/accept": {
   "post": {
    "summary": "Accept an item",
    "responses": {
     "200": {
      "description": "OK"
     },
     "default": {
      "description": "An error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "security": [
     {
      "bearer": []
     }
    ],
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "item",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     }
    ]
   }
  },
  "/api/v1/meetings/{id}/items/{item}/reject": {
   "post": {
    "summary": "Reject an item",
    "responses": {
     "200": {
      "description": "OK"
     },
     "default": {
      "description": "An error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "security": [
     {
      "bearer": []
     }
    ],
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "item",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     }
    ]
   }
  },
  "/api/v1/meetings/{id}/items/{item}": {
   "patch": {
    "summary": "Edit an item",
    "responses": {
     "200": {
      "description": "OK"
     },
     "default": {
      "description": "An error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "security": [
     {
      "bearer": []
     }
    ],
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "item",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/ItemEdit"
       }
      }
     }
    }
   }
  },
  "/api/v1/meetings/{id}/summary": {
   "get": {
    "summary": "The summary (format=md|html|json|txt, lang=fr|en)",
    "responses": {
     "200": {
      "description": "OK"
     },
     "default": {
      "description": "An error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "security": [
     {
      "bearer": []
     }
    ],
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     }
    ]
   }
  },
  "/api/v1/meetings/{id}/share-links": {
   "get": {
    "summary": "The meeting's share links",
    "responses": {
     "200": {
      "description": "OK"
     },
     "default": {
      "description": "An error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "security": [
     {
      "bearer": []
     }
    ],
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     }
    ]
   },
   "post": {
    "summary": "Publish the summary; returns the token once",
    "responses": {
     "default": {
      "description": "An error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "201": {
      "description": "Created"
     }
    },
    "security": [
     {
      "bearer": []
     }
    ],
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/ShareLink"
       }
      }
     }
    }
   }
  },
  "/api/v1/meetings/{id}/share-links/{link}": {
   "delete": {
    "summary": "Revoke a share link",
    "responses": {
     "200": {
      "description": "OK"
     },
     "default": {
      "description": "An error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "security": [
     {
      "bearer": []
     }
    ],
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "link",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     }
    ]
   }
  },
  "/api/v1/meetings/{id}/attendance/preview": {
   "post": {
    "summary": "Read an attendance file and show the merge; writes nothing",
    "description": "Zoom participants (per join or unique users), Zoom webinar attendees, BigBlueButton Learning Dashboard, a CSV with a name column, or one name per line. Format, delimiter and encoding (UTF-8, BOM, Windows-1252) are detected. A malformed file is a 422 whose message names the line.",
    "responses": {
     "200": {
      "description": "OK"
     },
     "default": {
      "description": "An error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "security": [
     {
      "bearer": []
     }
    ],
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "alias",
      "in": "query",
      "required": false,
      "description": "A confirmed alias for this import: Name=participant id",
      "schema": {
       "type": "string"
      }
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "text/csv": {
       "schema": {
        "type": "string"
       }
      },
      "text/plain": {
       "schema": {
        "type": "string"
       }
      }
     }
    }
   }
  },
  "/api/v1/meetings/{id}/attendance": {
   "post": {
    "summary": "Record an attendance file in one transaction",
    "description": "Matched people are marked present with join, leave, minutes (and BigBlueButton talk time); unmatched people are added as participants unless unmatched=skip. Nothing is written when the file is malformed.",
    "responses": {
     "200": {
      "description": "OK"
     },
     "default": {
      "description": "An error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "security": [
     {
      "bearer": []
     }
    ],
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "alias",
      "in": "query",
      "required": false,
      "description": "A confirmed alias for this import: Name=participant id",
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "unmatched",
      "in": "query",
      "required": false,
      "description": "Add unmatched people as participants, or leave them out",
      "schema": {
       "type": "string",
       "enum": [
        "add",
        "skip"
       ]
      }
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "text/csv": {
       "schema": {
        "type": "string"
       }
      },
      "text/plain": {
       "schema": {
        "type": "string"
       }
      }
     }
    }
   }
  },
  "/api/v1/meetings/{id}/aliases": {
   "post": {
    "summary": "Confirm that a name from attendance files is this participant",
    "responses": {
     "201": {
      "description": "Created"
     },
     "default": {
      "description": "An error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "security": [
     {
      "bearer": []
     }
    ],
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/Alias"
       }
      }
     }
    }
   }
  },
  "/export/meeting/{id}.json": {
   "get": {
    "summary": "The meeting as json",
    "description": "The facilitator gets the whole meeting export (events and projections); other members and share links get the summary JSON. Access: a bearer token of the meeting, or a live share link's token in ?token= (a participants-only link also needs a member's bearer token).",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "string"
        }
       }
      }
     },
     "default": {
      "description": "An error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "token",
      "in": "query",
      "required": false,
      "description": "A share link's token",
      "schema": {
       "type": "string"
      }
     }
    ]
   }
  },
  "/export/meeting/{id}.ics": {
   "get": {
    "summary": "The meeting as ics",
    "description": "The meeting as an RFC 5545 event; the meeting's own time zone, else ?tz= (an IANA zone), else QUORUM_TIMEZONE gives UTC times, else times are floating. Access: a bearer token of the meeting, or a live share link's token in ?token= (a participants-only link also needs a member's bearer token).",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "text/calendar": {
        "schema": {
         "type": "string"
        }
       }
      }
     },
     "default": {
      "description": "An error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "token",
      "in": "query",
      "required": false,
      "description": "A share link's token",
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "tz",
      "in": "query",
      "required": false,
      "description": "An IANA time zone, e.g. America/Montreal, for meetings without one of their own",
      "schema": {
       "type": "string"
      }
     }
    ]
   }
  },
  "/export/meeting/{id}.md": {
   "get": {
    "summary": "The meeting as md",
    "description": "Members get Markdown minutes regenerated from the meeting (the minutes reader reads them back); share links get the summary in Markdown. Access: a bearer token of the meeting, or a live share link's token in ?token= (a participants-only link also needs a member's bearer token).",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "text/markdown": {
        "schema": {
         "type": "string"
        }
       }
      }
     },
     "default": {
      "description": "An error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "token",
      "in": "query",
      "required": false,
      "description": "A share link's token",
      "schema": {
       "type": "string"
      }
     }
    ]
   }
  },
  "/export/meeting/{id}.html": {
   "get": {
    "summary": "The meeting as html",
    "description": "The summary in HTML. Access: a bearer token of the meeting, or a live share link's token in ?token= (a participants-only link also needs a member's bearer token).",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "text/html": {
        "schema": {
         "type": "string"
        }
       }
      }
     },
     "default": {
      "description": "An error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "token",
      "in": "query",
      "required": false,
      "description": "A share link's token",
      "schema": {
       "type": "string"
      }
     }
    ]
   }
  },
  "/export/meeting/{id}.csv": {
   "get": {
    "summary": "The meeting as csv",
    "description": "?table=attendance (members only: name, affiliation, status, join, leave, minutes, speaking_seconds) or ?table=actions (owner, text, due, state, source). Access: a bearer token of the meeting, or a live share link's token in ?token= (a participants-only link also needs a member's bearer token).",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "text/csv": {
        "schema": {
         "type": "string"
        }
       }
      }
     },
     "default": {
      "description": "An error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "token",
      "in": "query",
      "required": false,
      "description": "A share link's token",
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "table",
      "in": "query",
      "required": false,
      "description": "Which table",
      "schema": {
       "type": "string",
       "enum": [
        "attendance",
        "actions"
       ]
      }
     }
    ]
   }
  },
  "/export/series/{id}.ics": {
   "get": {
    "summary": "The calendar of the meeting's series",
    "description": "Every meeting sharing this meeting's series key (set with PATCH /api/v1/meetings/{id}), one event each; just this meeting without a series. Access: a bearer token of the meeting, or a live share link's token in ?token= (a participants-only link also needs a member's bearer token).",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "text/calendar": {
        "schema": {
         "type": "string"
        }
       }
      }
     },
     "default": {
      "description": "An error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "token",
      "in": "query",
      "required": false,
      "description": "A share link's token",
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "tz",
      "in": "query",
      "required": false,
      "description": "An IANA time zone, for meetings without one of their own",
      "schema": {
       "type": "string"
      }
     }
    ]
   }
  },
  "/s/{token}": {
   "get": {
    "summary": "A shared summary, read-only",
    "responses": {
     "200": {
      "description": "OK"
     },
     "default": {
      "description": "An error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "parameters": [
     {
      "name": "token",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     }
    ]
   }
  },
  "/api/v1/meetings/{id}/me": {
   "get": {
    "summary": "Who the token is: role and participant",
    "responses": {
     "200": {
      "description": "OK"
     },
     "default": {
      "description": "An error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "security": [
     {
      "bearer": []
     }
    ],
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     }
    ]
   }
  },
  "/api/v1/meetings/{id}/preview": {
   "post": {
    "summary": "Render Markdown notes as safe HTML (stores nothing)",
    "responses": {
     "200": {
      "description": "OK"
     },
     "default": {
      "description": "An error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "security": [
     {
      "bearer": []
     }
    ],
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "type": "object",
        "required": [
         "text"
        ],
        "properties": {
         "text": {
          "type": "string"
         }
        }
       }
      }
     }
    }
   }
  },
  "/api/v1/meetings/{id}/participants/{participant}/record": {
   "put": {
    "summary": "Consent: on or off the record",
    "responses": {
     "200": {
      "description": "OK"
     },
     "default": {
      "description": "An error",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "security": [
     {
      "bearer": []
     }
    ],
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "participant",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "type": "object",
        "required": [
         "record"
        ],
        "properties": {
         "record": {
          "type": "boolean"
         }
        }
       }
      }
     }
    }
   }
  }
 },
 "components": {
  "securitySchemes": {
   "bearer": {
    "type": "http",
    "scheme": "bearer",
    "description": "A facilitator key or a participant's personal token"
   }
  },
  "schemas": {
   "Error": {
    "type": "object",
    "properties": {
     "error": {
      "type": "object",
      "required": [
       "code",
       "message",
       "field"
      ],
      "properties": {
       "code": {
        "type": "string"
       },
       "message": {
        "type": "string"
       },
       "field": {
        "type": "string",
        "nullable": true
       }
      }
     }
    }
   },
   "MeetingFields": {
    "type": "object",
    "additionalProperties": false,
    "properties": {
     "title": {
      "type": "string"
     },
     "date": {
      "type": "string",
      "format": "date"
     },
     "start": {
      "type": "string",
      "example": "13:30"
     },
     "end": {
      "type": "string",
      "example": "15:30"
     },
     "location": {
      "type": "string"
     },
     "language": {
      "type": "string",
      "enum": [
       "fr",
       "en"
      ]
     },
     "series": {
      "type": "string",
      "minLength": 16,
      "description": "A key the group's meetings share, kept like a password: the series calendar lists them together"
     },
     "timezone": {
      "type": "string",
      "description": "The IANA time zone the meeting's times are in (America/Toronto); empty: the server's. It places the live view's projected end and the calendar's times"
     }
    }
   },
   "AgendaFields": {
    "type": "object",
    "additionalProperties": false,
    "properties": {
     "title": {
      "type": "string"
     },
     "type": {
      "type": "string"
     },
     "description": {
      "type": "string"
     },
     "number": {
      "type": "string"
     },
     "duration_seconds": {
      "type": "integer",
      "minimum": 0
     },
     "parent_id": {
      "type": "integer"
     }
    }
   },
   "Reorder": {
    "type": "object",
    "additionalProperties": false,
    "required": [
     "items"
    ],
    "properties": {
     "items": {
      "type": "array",
      "items": {
       "type": "object",
       "required": [
        "id"
       ],
       "properties": {
        "id": {
         "type": "integer"
        },
        "parent_id": {
         "type": "integer"
        },
        "number": {
         "type": "string",
         "description": "The item's new number (\"2\", \"3.a\"), set in the same change; \"\" clears it, absent keeps it"
        }
       }
      }
     }
    }
   },
   "Invite": {
    "type": "object",
    "additionalProperties": false,
    "required": [
     "name"
    ],
    "properties": {
     "name": {
      "type": "string"
     },
     "affiliation": {
      "type": "string"
     },
     "email": {
      "type": "string"
     },
     "role": {
      "type": "string",
      "enum": [
       "facilitator",
       "note-taker",
       "timekeeper",
       "participant",
       "observer"
      ]
     }
    }
   },
   "Status": {
    "type": "object",
    "additionalProperties": false,
    "required": [
     "status"
    ],
    "properties": {
     "status": {
      "type": "string",
      "enum": [
       "invited",
       "present",
       "late",
       "excused",
       "absent"
      ]
     }
    }
   },
   "NoteSave": {
    "type": "object",
    "additionalProperties": false,
    "required": [
     "base_revision",
     "text"
    ],
    "properties": {
     "base_revision": {
      "type": "integer",
      "minimum": 0
     },
     "text": {
      "type": "string"
     }
    }
   },
   "ItemEdit": {
    "type": "object",
    "additionalProperties": false,
    "properties": {
     "text": {
      "type": "string"
     },
     "owner": {
      "type": "string"
     },
     "due": {
      "type": "string"
     }
    }
   },
   "Alias": {
    "type": "object",
    "additionalProperties": false,
    "required": [
     "name",
     "participant_id"
    ],
    "properties": {
     "name": {
      "type": "string"
     },
     "participant_id": {
      "type": "integer"
     }
    }
   },
   "ShareLink": {
    "type": "object",
    "additionalProperties": false,
    "properties": {
     "visibility": {
      "type": "string",
      "enum": [
       "public",
       "participants"
      ]
     },
     "expires_at": {
      "type": "string",
      "format": "date-time"
     }
    }
   }
  }
 }
})json";
    return k_document;
}

} // namespace quorum::server
