// Package transfer reads and writes follower history files: CSV (import and
// export) and XLSX (export). Both use the columns
// official,platform,handle,time,followers[,following,posts], so an export
// imports back unchanged.
package transfer
