// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.samples.chatbot;

import dev.dagfuse.handler.Handler;
import dev.dagfuse.handler.Invocation;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generates the synthetic intent corpus, featurises it (hashed words, bigrams and character trigrams) and
 * splits it per intent into training and held-out shards.
 */
public class Split implements Handler {

    /** The hashed feature space: 2^14 floats (64 KB) per intent classifier. */
    static final int DIMENSIONS = 1 << 14;

    @Override
    public Object handle(Invocation invocation) {
        ChatRequest request = (ChatRequest) invocation.requestInput();
        int intents = request.intents();
        String[] names = new String[intents];
        SparseRows[] train = new SparseRows[intents];
        SparseRows[] heldOut = new SparseRows[intents];
        int heldOutCount = (int) Math.round(request.sentencesPerIntent() * request.heldOutFraction());
        for (int i = 0; i < intents; i++) {
            Corpus.Intent intent = Corpus.INTENTS.get(i);
            names[i] = intent.name();
            // One stream per intent, so an intent's utterances do not depend on how many intents there are.
            SplittableRandom random = new SplittableRandom(request.seed() * 1_000_003L + i);
            List<String> texts = new ArrayList<>(request.sentencesPerIntent());
            for (int s = 0; s < request.sentencesPerIntent(); s++) {
                texts.add(Corpus.utterance(intent, random));
            }
            int split = texts.size() - heldOutCount;
            train[i] = Corpus.featurise(texts.subList(0, split), DIMENSIONS);
            heldOut[i] = Corpus.featurise(texts.subList(split, texts.size()), DIMENSIONS);
        }
        return new IntentShards(names, DIMENSIONS, train, heldOut);
    }

    /** 10 intents of 1,000 utterances each, a fifth held out. */
    @Override
    public Object defaultInput(long seed) {
        return new ChatRequest(seed, 10, 1000, 0.2);
    }
}
