// On platform: local a cost is core-seconds: write-baseline and check print core-s, never a dollar amount.
String log = new File(basedir, "build.log").text
def wrote = log.readLines().find { it.contains("dagfuse: wrote ") }
assert wrote != null : "write-baseline did not log"
assert wrote.endsWith(" core-s per 1M requests") : wrote
assert log.contains("[INFO] PASS  video-local: no change (") : "the check's verdict is not in the build log"
// a dollar amount: $ and a digit, not after a word character (Maven's stack traces name inner classes Outer$1)
def amount = /(?<![\w$])\$\d/
def dollars = log.readLines().findAll { it =~ amount }
assert dollars.isEmpty() : "dollar amounts in the build log of a local workflow: " + dollars.join("\n")
String text = new File(basedir, "target/dagfuse/check.txt").text
assert text.contains(" core-s") : text
assert !(text =~ amount) : text
assert !(new File(basedir, "target/dagfuse/check.md").text =~ amount)
return true
