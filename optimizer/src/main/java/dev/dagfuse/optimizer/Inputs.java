// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.optimizer;

import dev.dagfuse.model.FunctionProfile;
import dev.dagfuse.model.InputError;
import dev.dagfuse.model.InputException;
import dev.dagfuse.model.Profile;
import dev.dagfuse.model.Workflow;
import dev.dagfuse.model.io.ModelFiles;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Loads a workflow with its profile, the same way for every command (plan, evaluate, run, check). */
public final class Inputs {

    /** The file name looked for beside the workflow when no profile is given. */
    public static final String DEFAULT_PROFILE_NAME = "profile.yaml";

    /**
     * A workflow and the profile the model uses.
     *
     * @param workflow the workflow
     * @param profile its inline {@code profile:} blocks, overridden by the profile file's functions
     * @param workflowFile the workflow's file
     * @param profileFile the profile file used, or {@code null} when only inline profiles were found
     */
    public record Loaded(Workflow workflow, Profile profile, Path workflowFile, Path profileFile) {
    }

    private Inputs() {
    }

    /**
     * Reads {@code workflowFile} and its profile: {@code profileFile} when given, else {@code profile.yaml} beside
     * the workflow when it exists; the workflow's inline {@code profile:} blocks fill in functions the file lacks.
     * Does not require every function to have a profile (call {@link #requireProfiles} before modelling).
     */
    public static Loaded load(Path workflowFile, Path profileFile) {
        Workflow workflow = ModelFiles.readWorkflow(workflowFile);
        Path file = profileFile;
        if (file == null) {
            Path beside = workflowFile.toAbsolutePath().resolveSibling(DEFAULT_PROFILE_NAME);
            if (Files.isRegularFile(beside)) {
                file = workflowFile.getParent() == null ? Path.of(DEFAULT_PROFILE_NAME)
                        : workflowFile.getParent().resolve(DEFAULT_PROFILE_NAME);
            }
        }
        Profile profile = workflow.inlineProfile();
        if (file != null) {
            profile = profile.overriddenBy(ModelFiles.readProfile(file, workflow));
        }
        return new Loaded(workflow, profile, workflowFile, file);
    }

    /** Like {@link #load}, then {@link #requireProfiles}. */
    public static Loaded loadForModel(Path workflowFile, Path profileFile) {
        Loaded loaded = load(workflowFile, profileFile);
        requireProfiles(loaded.workflow(), loaded.profile(),
                loaded.profileFile() == null ? null : loaded.profileFile().toString());
        return loaded;
    }

    /**
     * Throws an {@link InputException} naming every function of {@code workflow} that has no profile (or no latency
     * samples) in {@code profile}, and how to get one. {@code profileFile} names the profile in the message (or null).
     */
    public static void requireProfiles(Workflow workflow, Profile profile, String profileFile) {
        List<String> missing = new ArrayList<>();
        List<String> empty = new ArrayList<>();
        for (String name : workflow.functions().keySet()) {
            FunctionProfile p = profile.function(name);
            if (p == null) {
                missing.add(name);
            } else if (p.latencyMs().values().stream().allMatch(List::isEmpty)) {
                empty.add(name);
            }
        }
        List<InputError> errors = new ArrayList<>();
        String where = profileFile == null ? "the workflow's inline profiles" : "the profile";
        for (String name : missing) {
            errors.add(new InputError(profileFile, "functions." + name, "The function (" + name + ") has no profile in "
                    + where + ". Measure it with: dagfuse profile WORKFLOW --target local (or --target aws), "
                    + "then pass --profile, or add a profile: block to the function."));
        }
        for (String name : empty) {
            errors.add(new InputError(profileFile, "functions." + name + ".latencyMs", "The profile of function (" + name
                    + ") has no latency samples. Measure it with: dagfuse profile WORKFLOW --target local."));
        }
        if (!errors.isEmpty()) {
            throw new InputException(errors);
        }
    }
}
