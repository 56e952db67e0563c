// Each regression failed the build (invoker.buildResult) and named the group that caused it.
String fusion = new File(basedir, "target/dagfuse-fusion/check.txt").text
assert fusion.startsWith("REGRESSION  video: ") : fusion
assert fusion.contains("Group extract+classify → extract, classify caused it.") : fusion
assert new File(basedir, "target/dagfuse-fusion/TEST-dagfuse-check.xml").text
        .contains('name="group extract+classify → extract, classify"')

String memory = new File(basedir, "target/dagfuse-memory/check.txt").text
assert memory.startsWith("REGRESSION  video: ") : memory
assert memory.contains("Group extract+classify caused it.") : memory
assert memory.contains("memory 2048 → 512 MB") : memory

String warn = new File(basedir, "target/dagfuse-warn/check.txt").text
assert warn.startsWith("REGRESSION  video: ") : warn

String log = new File(basedir, "build.log").text
assert log.contains("failOnRegression is false") : "the warning of invocation 4 is not in the build log"
return true
