// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.check;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** The one JSON mapper of this module, for building trees. */
final class JsonTrees {

    static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private JsonTrees() {
    }
}
