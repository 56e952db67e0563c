// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.model;

/**
 * A function that runs only on one option of a choice ({@code when: {choice: route, probability: 0.8}}): a Step
 * Functions Choice state after the function's predecessors, whose options are the functions naming the same choice.
 * Each request takes one option with its probability, or none with what the options leave of 1; a function runs when
 * its option is taken (if it has one) and, unless it is an entry, at least one of its predecessors ran.
 *
 * <p>Several functions may start one option (a branch that begins with a Parallel state): they name the same
 * {@code option}; the probabilities of a choice's distinct options add up to at most 1.
 *
 * @param choice the choice's name, shared by its options
 * @param option the option's name, or {@code null}: the function's own (an option of one function)
 * @param probability the share of requests that take this option, within [0, 1]
 */
public record When(String choice, String option, double probability) {

    /** An option of one function. */
    public When(String choice, double probability) {
        this(choice, null, probability);
    }

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
