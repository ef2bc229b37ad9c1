package dev.podium.local;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Chromium (the Debian packages {@code chromium} and
 * {@code chromium-driver}, installed by {@code bin/install-chromium}) driven through its
 * own chromedriver, so that Selenium downloads nothing; with the few gestures the console
 * tests need, each waiting explicitly for what it expects.
 */
final class ConsoleBrowser implements AutoCloseable {

	static final Path CHROMIUM = Path.of(System.getProperty("podium.chromium", "/usr/bin/chromium"));

	static final Path CHROMEDRIVER = Path.of(System.getProperty("podium.chromedriver", "/usr/bin/chromedriver"));

	/**
	 * Where screenshots go: target/ by default, docs/console/ to refresh the README's.
	 */
	static final Path SCREENSHOTS = Path
		.of(System.getProperty("podium.console.screenshots", "target/console-screenshots"));

	/** Where the browser saves downloads. */
	static final Path DOWNLOADS = Path.of("target/console-downloads").toAbsolutePath();

	static final Dimension DESKTOP = new Dimension(1280, 960);

	static final Dimension PHONE = new Dimension(390, 844);

	final ChromeDriver driver;

	private final WebDriverWait wait;

	private final String console;

	private ConsoleBrowser(ChromeDriver driver, String console) {
		this.driver = driver;
		this.wait = new WebDriverWait(driver, Duration.ofSeconds(30));
		this.console = console;
	}

	static boolean installed() {
		return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
	}

	static String notInstalled() {
		return "no Chromium: the console's browser tests need " + CHROMIUM + " and " + CHROMEDRIVER
				+ " (Debian packages chromium and chromium-driver: run bin/install-chromium as root)";
	}

	static ConsoleBrowser start(String baseUrl) {
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		LoggingPreferences logs = new LoggingPreferences();
		logs.enable(LogType.BROWSER, Level.ALL);
		options.setCapability("goog:loggingPrefs", logs);
		options.setExperimentalOption("prefs", java.util.Map.of("download.default_directory", DOWNLOADS.toString(),
				"download.prompt_for_download", false));
		options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
				"--no-first-run", "--disable-extensions", "--lang=en-GB",
				"--window-size=" + DESKTOP.getWidth() + "," + DESKTOP.getHeight());
		ChromeDriverService service = new ChromeDriverService.Builder()
			.usingDriverExecutable(new File(CHROMEDRIVER.toString()))
			.usingAnyFreePort()
			.build();
		return new ConsoleBrowser(new ChromeDriver(service, options), baseUrl + "/console/");
	}

	/** Opens the console signed out, signs in with the token and waits for the shell. */
	void signIn(String token) {
		size(DESKTOP);
		this.driver.get(this.console);
		this.driver.executeScript("sessionStorage.clear()");
		this.driver.navigate().refresh();
		WebElement input = this.wait.until(ExpectedConditions.elementToBeClickable(By.id("token")));
		input.sendKeys(token);
		this.driver.findElement(By.id("sign-in")).click();
		this.wait.until(ExpectedConditions.presenceOfElementLocated(By.id("caller-role")));
	}

	void open(String route) {
		this.driver.get(this.console + "#" + route);
	}

	void navigate(String linkText) {
		this.wait.until(ExpectedConditions.elementToBeClickable(By.linkText(linkText))).click();
	}

	void click(String id) {
		this.wait.until(ExpectedConditions.elementToBeClickable(By.id(id))).click();
	}

	/**
	 * Clicks the button of that text in the table, again when the page re-rendered the
	 * table between finding the button and clicking it.
	 */
	void clickButtonIn(String tableId, String text) {
		By button = By.xpath("//table[@id='" + tableId + "']//button[text()='" + text + "']");
		this.wait.ignoring(StaleElementReferenceException.class).until((driver) -> {
			driver.findElement(button).click();
			return true;
		});
	}

	/** Types into a text or number input, replacing what it held. */
	void type(String id, String text) {
		WebElement input = this.wait.until(ExpectedConditions.elementToBeClickable(By.id(id)));
		input.clear();
		input.sendKeys(text);
	}

	/**
	 * Sets a date input (whose typed format depends on the browser's locale) as a script
	 * would.
	 */
	void date(String id, String isoDate) {
		WebElement input = this.wait.until(ExpectedConditions.elementToBeClickable(By.id(id)));
		((JavascriptExecutor) this.driver).executeScript(
				"arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input', {bubbles: true}));",
				input, isoDate);
	}

	void choose(String id, String value) {
		new Select(this.wait.until(ExpectedConditions.elementToBeClickable(By.id(id)))).selectByValue(value);
	}

	/**
	 * Waits until the element's text contains every one of the texts, and answers that
	 * text; again when the page re-rendered the element while it was read.
	 */
	String awaitText(String id, String... texts) {
		return new WebDriverWait(this.driver, Duration.ofSeconds(30)).ignoring(StaleElementReferenceException.class)
			.withMessage(() -> "#" + id + " to contain " + String.join(", ", texts) + "; it holds: "
					+ this.driver.findElements(By.id(id))
						.stream()
						.map(WebElement::getText)
						.findFirst()
						.orElse("(absent)"))
			.until((driver) -> {
				var found = driver.findElements(By.id(id));
				if (found.isEmpty()) {
					return null;
				}
				String text = found.get(0).getText();
				for (String expected : texts) {
					if (!text.contains(expected)) {
						return null;
					}
				}
				return text;
			});
	}

	void awaitGone(String id) {
		this.wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id(id)));
	}

	/**
	 * Waits until the element with this id has the focus (a page moves it after it
	 * renders).
	 */
	void awaitFocus(String id) {
		new WebDriverWait(this.driver, Duration.ofSeconds(30))
			.withMessage(() -> "#" + id + " to have the focus; it is on #"
					+ this.driver.switchTo().activeElement().getAttribute("id"))
			.until((driver) -> id.equals(driver.switchTo().activeElement().getAttribute("id")));
	}

	boolean present(String id) {
		return !this.driver.findElements(By.id(id)).isEmpty();
	}

	void awaitUrl(String regex) {
		this.wait.until(ExpectedConditions.urlMatches(regex));
	}

	/**
	 * Calls the API from the console's page with the token the console holds, as a script
	 * in the page would: answers the status and the body.
	 */
	String fetchFromPage(String method, String path) {
		Object answer = this.driver.executeAsyncScript("""
				const done = arguments[arguments.length - 1];
				fetch('..' + arguments[1], { method: arguments[0],
				    headers: { 'X-API-Token': sessionStorage.getItem('podium.console.token'),
				               'Content-Type': 'application/json' }, body: arguments[0] === 'GET' ? undefined : '{}' })
				  .then(async (r) => done(r.status + ' ' + await r.text()), (e) => done('failed ' + e));
				""", method, path);
		return String.valueOf(answer);
	}

	/** Sends keys to whatever has the focus, as a keyboard would. */
	void keys(CharSequence... keys) {
		this.driver.switchTo().activeElement().sendKeys(keys);
	}

	/**
	 * What the browser reported as refused by the page's Content-Security-Policy so far.
	 */
	List<String> policyViolations() {
		return this.driver.manage()
			.logs()
			.get(LogType.BROWSER)
			.getAll()
			.stream()
			.map(LogEntry::getMessage)
			.filter((message) -> message.contains("Content Security Policy") || message.contains("Refused to"))
			.toList();
	}

	void size(Dimension size) {
		this.driver.manage().window().setSize(size);
	}

	/** A screenshot for the README (in {@link #SCREENSHOTS}). */
	void screenshot(String name) {
		screenshot(SCREENSHOTS, name);
	}

	/** A screenshot to look at after a run, never for the README. */
	void snapshot(String name) {
		screenshot(Path.of("target/console-screenshots/pages"), name);
	}

	private void screenshot(Path directory, String name) {
		try {
			Files.createDirectories(directory);
			Files.write(directory.resolve(name + ".png"), this.driver.getScreenshotAs(OutputType.BYTES));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() {
		this.driver.quit();
	}

}
