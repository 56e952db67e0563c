// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.samples.chatbot;

import java.io.Serializable;

/**
 * The request of the chatbot sample: the synthetic intent corpus to learn.
 *
 * @param seed the seed of the corpus
 * @param intents how many intents (the first ones of {@link Corpus#INTENTS})
 * @param sentencesPerIntent how many utterances to generate per intent (training and held-out)
 * @param heldOutFraction the fraction of every intent's utterances held out for evaluation
 */
public record ChatRequest(long seed, int intents, int sentencesPerIntent, double heldOutFraction) implements Serializable {

    public ChatRequest {
        if (intents < 2 || intents > Corpus.INTENTS.size() || sentencesPerIntent < 2 || !(heldOutFraction > 0 && heldOutFraction < 1)) {
            throw new IllegalArgumentException("Invalid chatbot request: " + intents + " intents (2.." + Corpus.INTENTS.size() + "), "
                    + sentencesPerIntent + " sentences per intent, held out " + heldOutFraction + ".");
        }
    }
}
