// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.aws.runtime.handlers;

import dev.dagfuse.handler.Handler;
import dev.dagfuse.handler.Invocation;

import java.util.Locale;

/** Test handler: upper-cases its input. */
public final class Shout implements Handler {
    @Override
    public Object handle(Invocation invocation) {
        return ((String) invocation.onlyInput()).toUpperCase(Locale.ROOT);
    }
}
