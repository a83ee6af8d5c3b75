package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestServe(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	outR, outW := io.Pipe()
	var stderr bytes.Buffer
	done := make(chan int, 1)
	go func() {
		done <- serve(ctx, []string{"-addr", "127.0.0.1:0", "-region", "US"}, outW, &stderr)
		outW.Close()
	}()
	line, err := bufio.NewReader(outR).ReadString('\n')
	require.NoError(t, err)
	go func() { _, _ = io.Copy(io.Discard, outR) }()
	require.True(t, strings.HasPrefix(line, "demo sign-up form on http://127.0.0.1:"), line)
	base := strings.Fields(line)[4]

	res, err := http.Get(base)
	require.NoError(t, err)
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	assert.Equal(t, http.StatusOK, res.StatusCode)
	assert.Contains(t, string(page), `action="/profile"`)

	form := url.Values{"email": {"Sarah.Secret@Example.com"}, "phone": {"(650) 253-0000"}, "first_name": {"Sarahlyn"}}
	res, err = http.PostForm(base+"profile", form)
	require.NoError(t, err)
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	assert.Equal(t, http.StatusOK, res.StatusCode, string(body))
	assert.Contains(t, string(body), `"phone_number":"+16502530000"`, "-region US reads the national number")

	form.Set("email", "sarah.secret@@example.com")
	res, err = http.PostForm(base+"profile", form)
	require.NoError(t, err)
	res.Body.Close()
	assert.Equal(t, http.StatusBadRequest, res.StatusCode)

	cancel()
	assert.Equal(t, 0, <-done)
	logs := stderr.String()
	assert.Contains(t, logs, "valid profile: ")
	for _, v := range []string{"sarah", "Sarah", "6502530000", "253-0000"} {
		assert.NotContains(t, logs, v, "no submitted value in a log line")
	}
}

func TestServeUsage(t *testing.T) {
	var stdout, stderr bytes.Buffer
	assert.Equal(t, 2, run([]string{"serve", "-bogus"}, strings.NewReader(""), &stdout, &stderr))
	assert.Contains(t, stderr.String(), "usage: profilecheck serve")
	stderr.Reset()
	assert.Equal(t, 2, run([]string{"serve", "extra"}, strings.NewReader(""), &stdout, &stderr))
	assert.Contains(t, stderr.String(), "unexpected argument")
	stderr.Reset()
	assert.Equal(t, 0, run([]string{"serve", "-h"}, strings.NewReader(""), &stdout, &stderr))
	assert.Contains(t, stderr.String(), "127.0.0.1:8080", "the default address")
	stderr.Reset()
	assert.Equal(t, 2, serve(context.Background(), []string{"-region", "UK"}, &stdout, &stderr))
	assert.Contains(t, stderr.String(), "profilecheck serve:")
	stderr.Reset()
	assert.Equal(t, 2, serve(context.Background(), []string{"-addr", "127.0.0.1:99999"}, &stdout, &stderr))
	assert.Empty(t, stdout.String())
}
