// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.InstanceofCheck;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import dev.dagfuse.model.Platform;

import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

/**
 * The rules ARCHITECTURE.md states, over the production classes of every module: the arrows between modules, internal
 * packages kept inside their module, and no code outside the platform implementations asking which platform it is.
 */
@AnalyzeClasses(packages = "dev.dagfuse", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /** handler ← model ← profiler/optimizer ← executor/check ← aws ← app ← cli/plugin; samples see the handler API only. */
    @ArchTest
    static final ArchRule modulesDependOnlyDownwards = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .layer("handler").definedBy("dev.dagfuse.handler..")
            .layer("model").definedBy("dev.dagfuse.model..")
            .layer("profiler").definedBy("dev.dagfuse.profiler..")
            .layer("optimizer").definedBy("dev.dagfuse.optimizer..")
            .layer("executor").definedBy("dev.dagfuse.executor..")
            .layer("check").definedBy("dev.dagfuse.check..")
            .layer("aws-runtime").definedBy("dev.dagfuse.aws.runtime..")
            .layer("aws").definedBy("dev.dagfuse.aws", "dev.dagfuse.aws.internal..")
            .layer("app").definedBy("dev.dagfuse.app..")
            .layer("cli").definedBy("dev.dagfuse.cli..")
            .layer("plugin").definedBy("dev.dagfuse.maven..")
            .layer("bench").definedBy("dev.dagfuse.bench..")
            .layer("samples").definedBy("dev.dagfuse.samples..")
            .whereLayer("cli").mayNotBeAccessedByAnyLayer()
            .whereLayer("plugin").mayNotBeAccessedByAnyLayer()
            .whereLayer("bench").mayNotBeAccessedByAnyLayer()
            .whereLayer("samples").mayNotBeAccessedByAnyLayer()
            .whereLayer("app").mayOnlyBeAccessedByLayers("cli", "plugin", "bench")
            .whereLayer("aws").mayOnlyBeAccessedByLayers("app", "cli")
            .whereLayer("aws-runtime").mayOnlyBeAccessedByLayers("aws", "app", "cli")
            .whereLayer("check").mayOnlyBeAccessedByLayers("app", "cli", "plugin")
            .whereLayer("executor").mayOnlyBeAccessedByLayers("aws-runtime", "aws", "app", "cli", "bench")
            .whereLayer("optimizer").mayOnlyBeAccessedByLayers("check", "app", "cli", "bench")
            .whereLayer("profiler").mayOnlyBeAccessedByLayers("app", "cli")
            .whereLayer("model").mayOnlyBeAccessedByLayers("profiler", "optimizer", "executor", "check", "aws-runtime",
                    "aws", "app", "cli", "plugin", "bench")
            .whereLayer("handler").mayOnlyBeAccessedByLayers("model", "profiler", "executor", "aws-runtime", "aws", "app",
                    "cli", "bench", "samples");

    /** The executor runs plans: it needs neither the planner nor the profiler (nor their OR-Tools and AWS SDK). */
    @ArchTest
    static final ArchRule theExecutorNeedsNoPlannerAndNoProfiler = noClasses()
            .that().resideInAPackage("dev.dagfuse.executor..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.dagfuse.optimizer..", "dev.dagfuse.profiler..",
                    "com.google.ortools..", "software.amazon.awssdk..");

    /** The handler API a user's function jar depends on holds nothing but the JDK. */
    @ArchTest
    static final ArchRule theHandlerApiDependsOnTheJdkOnly = classes()
            .that().resideInAPackage("dev.dagfuse.handler..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("dev.dagfuse.handler..", "java..");

    /** An {@code internal} package is used by its own module only. */
    @ArchTest
    static final ArchRule internalPackagesStayInTheirModule = classes()
            .that().resideInAPackage("..internal..")
            .should(beAccessedOnlyFromTheirModule());

    /** The benchmarks measure what users call: public API only. */
    @ArchTest
    static final ArchRule benchUsesPublicApiOnly = noClasses()
            .that().resideInAPackage("dev.dagfuse.bench..")
            .should().dependOnClassesThat().resideInAPackage("..internal..");

    /**
     * Nothing outside the platform implementations asks which platform it is: no {@code instanceof} on an
     * implementation of {@link Platform} (what a platform decides is a method of the interface).
     */
    @ArchTest
    static final ArchRule noCodeBranchesOnThePlatform = noClasses()
            .that().resideOutsideOfPackage("dev.dagfuse.model.platform..")
            .should(checkWhetherItIsAPlatformImplementation());

    /** Public API signatures carry no JGraphT, OR-Tools or AWS SDK types (the picocli commands aside). */
    @ArchTest
    static final ArchRule noThirdPartyTypesInPublicSignatures = classes()
            .that().resideInAPackage("dev.dagfuse..").and().resideOutsideOfPackage("..internal..")
            .and().arePublic()
            .should(exposeNoThirdPartyTypes());

    private static final List<String> THIRD_PARTY = List.of("org.jgrapht", "com.google.ortools", "software.amazon.awssdk");

    private static String moduleOf(String packageName) {
        // dev.dagfuse.<module>[.<more>]; aws.runtime is a module of its own
        String rest = packageName.substring("dev.dagfuse.".length());
        if (rest.startsWith("aws.runtime")) {
            return "aws.runtime";
        }
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    private static ArchCondition<JavaClass> beAccessedOnlyFromTheirModule() {
        return new ArchCondition<>("be accessed only from their own module") {
            @Override
            public void check(JavaClass internal, ConditionEvents events) {
                String module = moduleOf(internal.getPackageName());
                internal.getDirectDependenciesToSelf().forEach(d -> {
                    JavaClass origin = d.getOriginClass();
                    if (origin.getPackageName().startsWith("dev.dagfuse.")
                            && !moduleOf(origin.getPackageName()).equals(module)) {
                        events.add(SimpleConditionEvent.violated(d, d.getDescription()));
                    }
                });
            }
        };
    }

    private static ArchCondition<JavaClass> checkWhetherItIsAPlatformImplementation() {
        DescribedPredicate<JavaClass> implementation = DescribedPredicate.describe("a Platform implementation",
                c -> c.isAssignableTo(Platform.class) && !c.isEquivalentTo(Platform.class));
        return new ArchCondition<>("check whether a platform is a particular implementation") {
            @Override
            public void check(JavaClass javaClass, ConditionEvents events) {
                for (JavaCodeUnit unit : javaClass.getCodeUnits()) {
                    for (InstanceofCheck check : unit.getInstanceofChecks()) {
                        if (implementation.test(check.getRawType())) {
                            events.add(SimpleConditionEvent.satisfied(check, javaClass.getName() + " checks instanceof " + check.getRawType().getName() + " in " + unit.getName()));
                        }
                    }
                }
            }
        };
    }

    private static ArchCondition<JavaClass> exposeNoThirdPartyTypes() {
        return new ArchCondition<>("expose no third-party types in public signatures") {
            @Override
            public void check(JavaClass javaClass, ConditionEvents events) {
                javaClass.getMethods().stream().filter(m -> m.getModifiers().contains(
                        com.tngtech.archunit.core.domain.JavaModifier.PUBLIC)).forEach(m -> {
                    List<JavaClass> types = new java.util.ArrayList<>(m.getRawParameterTypes());
                    types.add(m.getRawReturnType());
                    for (JavaClass t : types) {
                        if (THIRD_PARTY.stream().anyMatch(p -> t.getPackageName().startsWith(p))
                                && !javaClass.getPackageName().startsWith("dev.dagfuse.cli")
                                && !javaClass.getPackageName().startsWith("dev.dagfuse.maven")) {
                            events.add(SimpleConditionEvent.violated(m, m.getFullName() + " exposes " + t.getName()));
                        }
                    }
                });
            }
        };
    }
}
