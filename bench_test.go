package profile

import (
	"encoding/json"
	"os"
	"testing"
)

// BenchmarkNormalizeJSON measures the whole pipeline on the testdata
// bodies; BenchmarkStdlibDecode is the same-process baseline: what
// encoding/json alone costs to decode the same bytes into a map.
func BenchmarkNormalizeJSON(b *testing.B) {
	for _, name := range []string{"sarah-mason", "web-form-messy", "crm-export"} {
		data, err := os.ReadFile("testdata/" + name + ".json")
		if err != nil {
			b.Fatal(err)
		}
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, _, err := NormalizeJSON(data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkStdlibDecode(b *testing.B) {
	data, err := os.ReadFile("testdata/sarah-mason.json")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		var v map[string]any
		if err := json.Unmarshal(data, &v); err != nil {
			b.Fatal(err)
		}
	}
}
