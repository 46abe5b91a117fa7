using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace VoiceMirror.Web.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class BuiltInEngine : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Landmarks",
                table: "Avatars",
                type: "nvarchar(max)",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ExecutionProvider",
                table: "Animations",
                type: "nvarchar(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "Liveliness",
                table: "Animations",
                type: "bit",
                nullable: false,
                defaultValue: true);

            migrationBuilder.AddColumn<string>(
                name: "Phonemes",
                table: "Animations",
                type: "nvarchar(max)",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SpeechFile",
                table: "Animations",
                type: "nvarchar(100)",
                maxLength: 100,
                nullable: true);

            // Until now Engine held where Wav2Lip ran (CPU/CUDA); it now names the engine, and Wav2Lip was the only one.
            migrationBuilder.Sql("UPDATE Animations SET ExecutionProvider = Engine, Engine = 'wav2lip' WHERE Engine IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("UPDATE Animations SET Engine = ExecutionProvider WHERE ExecutionProvider IS NOT NULL");

            migrationBuilder.DropColumn(
                name: "Landmarks",
                table: "Avatars");

            migrationBuilder.DropColumn(
                name: "ExecutionProvider",
                table: "Animations");

            migrationBuilder.DropColumn(
                name: "Liveliness",
                table: "Animations");

            migrationBuilder.DropColumn(
                name: "Phonemes",
                table: "Animations");

            migrationBuilder.DropColumn(
                name: "SpeechFile",
                table: "Animations");
        }
    }
}
