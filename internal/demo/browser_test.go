package demo_test

import (
	"context"
	"encoding/json"
	"flag"
	"net"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/profilekit/profile"
	"github.com/profilekit/profile/internal/demo"
	"github.com/profilekit/profile/profilehttp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// update saves TestBrowserSignUp's screenshot as testdata/demo.png, the
// picture in the README; without it the tracked file is left alone.
var update = flag.Bool("update", false, "save the screenshot as testdata/demo.png")

// chromium returns the path of the Chromium to drive, or "" when there is
// none.
func chromium() string {
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	return ""
}

// message is what the page shows beside one field.
type message struct {
	Text    string `json:"text"`
	Kind    string `json:"kind"`
	Invalid bool   `json:"invalid"`
}

// readMessages returns the message beside each form field, by field name.
const readMessages = `Object.fromEntries([...document.querySelectorAll(".msg[data-for]")].map(m => {
	const input = document.getElementById("signup").elements.namedItem(m.dataset.for);
	return [m.dataset.for, {text: m.textContent, kind: m.className,
		invalid: !!input && input.getAttribute("aria-invalid") === "true"}];
}))`

// TestBrowserSignUp drives the demo page in headless Chromium: bad values
// get German messages beside their fields, fixed values the normalized
// profile and a typo hint beside the email. With -update it saves a
// screenshot of the result to testdata/demo.png.
func TestBrowserSignUp(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	browser := chromium()
	if browser == "" {
		t.Skip("no Chromium found (looked for chromium on PATH and /usr/bin/chromium): " +
			"install it with `apt-get install chromium` to run the browser test")
	}

	var mu sync.Mutex
	var bodies []string
	h, err := demo.New(profilehttp.Config{
		OnValid: func(_ context.Context, body []byte, _ []*profile.FieldError) error {
			mu.Lock()
			defer mu.Unlock()
			bodies = append(bodies, string(body))
			return nil
		},
	})
	require.NoError(t, err)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	srv := httptest.NewUnstartedServer(h)
	srv.Listener.Close()
	srv.Listener = ln
	srv.Start()
	defer srv.Close()

	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(browser),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(640, 1000),
	)
	defer cancelAlloc() // before t.TempDir's cleanup: the browser has exited
	tab, cancelTab := chromedp.NewContext(allocCtx)
	defer cancelTab()

	// fill types value into the field with the id, replacing what was there.
	// (chromedp's Clear sets the attribute, not what was typed, and SetValue
	// does not take "".)
	fill := func(id, value string) chromedp.Action[chromedp.Void] {
		clear := chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := chromedp.Evaluate[bool](`(e => { e.value = ""; return true })(document.getElementById(`+
				strconv.Quote(id)+`))`)(ctx, t)
			return err
		})
		return chromedp.Steps(clear, chromedp.SendKeys(chromedp.ID(id), value))
	}
	messages := func() map[string]message {
		t.Helper()
		m, err := chromedp.Run(tab, chromedp.Evaluate[map[string]message](readMessages))
		require.NoError(t, err)
		return m
	}

	// Bad values, with messages asked for in German.
	require.NoError(t, chromedp.Do(tab,
		chromedp.Navigate(srv.URL+"/"),
		chromedp.WaitVisible(chromedp.ID("signup")),
		chromedp.SetValue(chromedp.ID("lang"), "de"),
		fill("email", "ann@@example.com"),
		fill("phone", "555-0100 (mobile)"),
		fill("first_name", "Ann"),
		fill("last_name", "Lee"),
		fill("country", "US"),
		fill("city", "Mountain View"),
		fill("locale", "xx"),
		chromedp.SetValue(chromedp.ID("plan"), "pro"),
		chromedp.Click(chromedp.CSS(`button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("#email-msg.error")),
	))
	got := messages()
	assert.Equal(t, message{"Bitte geben Sie eine gültige E-Mail-Adresse ein.", "msg error", true}, got["email"])
	assert.Equal(t, message{"Bitte geben Sie eine gültige Telefonnummer ein.", "msg error", true}, got["phone"])
	assert.Equal(t, message{"Bitte geben Sie einen gültigen Sprachcode ein, zum Beispiel de-DE.", "msg error", true}, got["locale"])
	for _, name := range []string{"first_name", "last_name", "country", "city", "properties[plan]"} {
		assert.Equal(t, message{"", "msg", false}, got[name], name)
	}
	hidden, err := chromedp.Run(tab, chromedp.Evaluate[bool](`document.getElementById("result").hidden`))
	require.NoError(t, err)
	assert.True(t, hidden, "no result for an invalid form")

	// Fixed, in English; the email domain has a typo, which is only hinted.
	require.NoError(t, chromedp.Do(tab,
		chromedp.SetValue(chromedp.ID("lang"), "en"),
		fill("email", "Ann@Gmial.COM"),
		fill("phone", "(650) 253-0000"),
		fill("locale", "en_US"),
		chromedp.Click(chromedp.CSS(`button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.ID("result")),
	))
	got = messages()
	assert.Equal(t, message{"Please check the email address: did you mean gmail.com?", "msg warning", false}, got["email"])
	for _, name := range []string{"phone", "locale", "first_name", "country", "properties[plan]"} {
		assert.Equal(t, message{"", "msg", false}, got[name], name)
	}
	out, err := chromedp.Run(tab, chromedp.Text(chromedp.ID("output")))
	require.NoError(t, err)
	want := `{"data":{"type":"profile","attributes":{"email":"ann@gmial.com","phone_number":"+16502530000",` +
		`"first_name":"Ann","last_name":"Lee","locale":"en-US","location":{"city":"Mountain View","country":"US"},"properties":{"plan":"pro"}}}}`
	assert.JSONEq(t, want, out)
	mu.Lock()
	assert.Equal(t, []string{want}, bodies, "OnValid got the normalized body once")
	mu.Unlock()

	png, err := chromedp.Run(tab, chromedp.FullScreenshot(100)) // 100: PNG
	require.NoError(t, err)
	require.Greater(t, len(png), 1000)
	var v any
	assert.Error(t, json.Unmarshal(png, &v)) // a picture, not a document
	if *update {
		require.NoError(t, os.WriteFile(filepath.Join("testdata", "demo.png"), png, 0o644))
	}
}
