// The check ran in verify, re-planned the unchanged workflow and found nothing changed.
File dir = new File(basedir, "target/dagfuse")
String text = new File(dir, "check.txt").text
assert text.startsWith("PASS  video: no change (") : text
assert text.contains("No group changed")
assert new File(dir, "check.md").text.startsWith("### ✅ dagfuse check passed: `video`")
String junit = new File(dir, "TEST-dagfuse-check.xml").text
assert junit.contains('failures="0"') : junit
// the arrival rate given to write-baseline is recorded (and the check drew with it: no change)
String baselineText = new File(basedir, "target/baseline.json").text
assert baselineText.contains('"ratePerSecond" : 5.0') : baselineText
String log = new File(basedir, "build.log").text
assert log.contains("dagfuse: wrote ") : "write-baseline did not log"
assert log.contains("[INFO] PASS  video: no change") : "the check's verdict is not in the build log"
return true
