// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.model;

/**
 * A function that runs only on one option of a choice ({@code when: {choice: route, probability: 0.8}}): a Step
 * Functions Choice state after the function's predecessors, whose options are the functions naming the same choice.
 * Each request takes one option with its probability, or none with what the options leave of 1; a function runs when
 * its option is taken (if it has one) and, unless it is an entry, at least one of its predecessors ran.
 *
 * @param choice the choice's name, shared by its options
 * @param probability the share of requests that take this option, within [0, 1]
 */
public record When(String choice, double probability) {

    public When {
        if (choice == null || choice.isBlank()) {
            throw new IllegalArgumentException("A when needs the name of its choice.");
        }
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("The probability (" + probability + ") of an option of choice (" + choice
                    + ") must be within 0..1.");
        }
    }
}
