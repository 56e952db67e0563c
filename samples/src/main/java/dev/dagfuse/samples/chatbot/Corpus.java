// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.samples.chatbot;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/** The synthetic utterance generator and the text featuriser shared by the handlers. */
final class Corpus {

    /** An intent and the templates of its utterances; {@code {slot}} is replaced by a value of the slot. */
    record Intent(String name, List<String> templates) {
    }

    static final List<Intent> INTENTS = List.of(
            new Intent("book_flight", List.of("book a flight from {city} to {city}", "i need a plane ticket to {city} {date}",
                    "fly me to {city} {date}", "are there any flights to {city} {date}", "get me on a plane to {city}",
                    "reserve a seat on the {time} flight to {city}", "how much is a ticket from {city} to {city}")),
            new Intent("weather", List.of("what is the weather in {city} {date}", "will it rain {date}", "is it going to be sunny in {city}",
                    "do i need an umbrella {date}", "how cold is it in {city}", "weather forecast for {date}",
                    "what's the temperature in {city} {date}")),
            new Intent("play_music", List.of("play {song} by {artist}", "put on some {genre}", "i want to hear {artist}",
                    "play my {genre} playlist", "start the song {song}", "music please something {genre}", "shuffle songs by {artist}")),
            new Intent("set_alarm", List.of("wake me up at {time}", "set an alarm for {time} {date}", "alarm at {time} please",
                    "i need to get up at {time} {date}", "remind me at {time} to wake up", "set my alarm clock to {time}")),
            new Intent("order_food", List.of("order a {food} from {restaurant}", "i'm hungry get me a {food}", "can i get {food} delivered",
                    "deliver {food} from {restaurant} {date}", "i would like to order {food}", "get food from {restaurant} for {time}")),
            new Intent("check_balance", List.of("how much money is in my {account} account", "what is my {account} balance",
                    "show me my {account} account", "check my balance", "do i have enough money in {account}",
                    "how much did i spend {date}")),
            new Intent("reset_password", List.of("i forgot my password", "reset my password please", "i can't log in to my account",
                    "change the password of my {account} account", "my login is not working", "help me recover my account")),
            new Intent("track_order", List.of("where is my package", "track order {number}", "when will my order {number} arrive",
                    "has my {food} order shipped", "status of order {number}", "my delivery from {date} is late")),
            new Intent("tell_joke", List.of("tell me a joke", "say something funny", "make me laugh", "do you know any jokes about {food}",
                    "tell me a joke about {city}", "i need a laugh {date}")),
            new Intent("greeting", List.of("hello there", "hi how are you", "good morning", "hey what's up", "good evening bot",
                    "nice to meet you", "hi again")),
            new Intent("cancel_subscription", List.of("cancel my subscription", "i want to stop my {genre} plan",
                    "unsubscribe me from {restaurant} offers", "end my membership {date}", "stop charging my {account} account",
                    "cancel the {artist} fan club membership")),
            new Intent("book_table", List.of("book a table at {restaurant} for {time}", "reserve dinner for two at {restaurant}",
                    "is {restaurant} free {date} at {time}", "i want a table for {number} people", "get me a reservation at {restaurant}",
                    "table for {time} {date} please")));

    private static final Map<String, List<String>> SLOTS = Map.of(
            "city", List.of("paris", "london", "tokyo", "new york", "berlin", "madrid", "rome", "sydney", "toronto", "lisbon", "oslo", "cairo"),
            "date", List.of("today", "tomorrow", "on monday", "on friday", "next week", "this weekend", "tonight", "on the 3rd"),
            "time", List.of("6 am", "7:30", "noon", "8 pm", "half past six", "9 o'clock", "midnight", "5:45"),
            "song", List.of("yesterday", "bohemian rhapsody", "imagine", "hey jude", "thriller", "wonderwall", "hallelujah"),
            "artist", List.of("the beatles", "queen", "adele", "miles davis", "daft punk", "bach", "nina simone", "radiohead"),
            "genre", List.of("jazz", "rock", "classical", "hip hop", "lofi", "country", "techno", "blues"),
            "food", List.of("pizza", "sushi", "burger", "pad thai", "salad", "burrito", "ramen", "curry"),
            "restaurant", List.of("luigi's", "sushi place", "the corner diner", "taco town", "green bowl", "noodle bar"),
            "account", List.of("checking", "savings", "credit card", "joint", "business", "netflix"),
            "number", List.of("4711", "12", "two", "A-993", "83321", "six", "1042"));

    private static final List<String> PREFIXES = List.of("", "", "", "hey ", "please ", "can you ", "um ", "ok bot ", "quick question ",
            "i was wondering ", "yo ");
    private static final List<String> SUFFIXES = List.of("", "", "", " please", " thanks", " now", " asap", " right away", " thank you",
            " if you can");

    private Corpus() {
    }

    /** One noisy utterance of {@code intent}: a filled template with filler words, dropped and stray words and typos. */
    static String utterance(Intent intent, SplittableRandom random) {
        String template = intent.templates().get(random.nextInt(intent.templates().size()));
        StringBuilder text = new StringBuilder(PREFIXES.get(random.nextInt(PREFIXES.size())));
        for (int i = 0; i < template.length(); ) {
            int open = template.indexOf('{', i);
            if (open < 0) {
                text.append(template, i, template.length());
                break;
            }
            int close = template.indexOf('}', open);
            text.append(template, i, open);
            List<String> values = SLOTS.get(template.substring(open + 1, close));
            text.append(values.get(random.nextInt(values.size())));
            i = close + 1;
        }
        text.append(SUFFIXES.get(random.nextInt(SUFFIXES.size())));
        return noisy(text.toString(), random);
    }

    /**
     * Sloppy typing: about one word in six is dropped, one in five misspelt (a dropped, doubled or
     * swapped letter) and one in ten followed by a stray word from any intent's vocabulary.
     */
    private static String noisy(String text, SplittableRandom random) {
        String[] words = text.split(" ");
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (String word : words) {
            if (words.length > 3 && random.nextInt(6) == 0) {
                continue;
            }
            if (word.length() >= 3 && random.nextInt(5) == 0) {
                int at = 1 + random.nextInt(word.length() - 2);
                word = switch (random.nextInt(3)) {
                    case 0 -> word.substring(0, at) + word.substring(at + 1);
                    case 1 -> word.substring(0, at) + word.charAt(at) + word.substring(at);
                    default -> word.substring(0, at - 1) + word.charAt(at) + word.charAt(at - 1) + word.substring(at + 1);
                };
            }
            out.append(out.length() == 0 ? "" : " ").append(word);
            if (random.nextInt(10) == 0) {
                out.append(' ').append(VOCABULARY.get(random.nextInt(VOCABULARY.size())));
            }
        }
        return out.toString();
    }

    /** Every word of every template, the pool of stray words. */
    private static final List<String> VOCABULARY = INTENTS.stream().flatMap(i -> i.templates().stream())
            .flatMap(t -> Arrays.stream(t.split(" "))).filter(w -> !w.startsWith("{")).distinct().sorted().toList();

    /**
     * The hashed bag-of-features rows of {@code texts}: words, word bigrams and the character trigrams of
     * every word (robust to typos), with counts scaled to unit L2 norm, sorted by index within a row.
     */
    static SparseRows featurise(List<String> texts, int dimensions) {
        int[] offsets = new int[texts.size() + 1];
        int[] index = new int[texts.size() * 48];
        float[] value = new float[index.length];
        int size = 0;
        for (int r = 0; r < texts.size(); r++) {
            String text = texts.get(r).toLowerCase(Locale.ROOT);
            String[] words = text.split("[^a-z0-9']+");
            int[] raw = new int[text.length() + 3 * words.length + 2]; // a word of n letters gives n + 2 features
            int n = 0;
            String previous = "^";
            for (String word : words) {
                if (word.isEmpty()) {
                    continue;
                }
                raw[n++] = bucket("w:" + word, dimensions);
                raw[n++] = bucket("b:" + previous + ' ' + word, dimensions);
                String padded = '<' + word + '>';
                for (int c = 0; c + 3 <= padded.length(); c++) {
                    raw[n++] = bucket("c:" + padded.substring(c, c + 3), dimensions);
                }
                previous = word;
            }
            Arrays.sort(raw, 0, n);
            if (size + n > index.length) {
                index = Arrays.copyOf(index, Math.max(2 * index.length, size + n));
                value = Arrays.copyOf(value, index.length);
            }
            int start = size;
            for (int i = 0; i < n; i++) {
                if (size > start && index[size - 1] == raw[i]) {
                    value[size - 1]++; // a repeated feature counts twice
                } else {
                    index[size] = raw[i];
                    value[size] = 1;
                    size++;
                }
            }
            double norm = 0;
            for (int i = start; i < size; i++) {
                norm += value[i] * value[i];
            }
            float inverse = (float) (1 / Math.sqrt(Math.max(norm, 1)));
            for (int i = start; i < size; i++) {
                value[i] *= inverse;
            }
            offsets[r + 1] = size;
        }
        return new SparseRows(offsets, Arrays.copyOf(index, size), Arrays.copyOf(value, size));
    }

    /** The feature's bucket: String.hashCode, mixed (murmur3's finaliser) so similar strings spread out. */
    private static int bucket(String feature, int dimensions) {
        int h = feature.hashCode();
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return Math.floorMod(h, dimensions);
    }
}
