// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.aws.runtime.handlers;

import dev.dagfuse.handler.Handler;
import dev.dagfuse.handler.Invocation;

/** Test handler: greets the request input. */
public final class Hello implements Handler {
    @Override
    public Object handle(Invocation invocation) {
        return "hello " + invocation.requestInput() + " " + invocation.branch() + "/" + invocation.fanOut();
    }
}
